// Input checks shared by the nn operators.
#include "core/runtime/ops/nn/op_checks.h"

#include "kernels/window_geometry.h"

namespace quantlens::nn {

std::string listToString(const std::vector<int64_t>& values) { return shapeToString(values); }

void requireFloat32(const OpContext& context, const Tensor& tensor, const std::string& what) {
  if (tensor.dtype() != DataType::Float32)
    throw context.unsupported(what + " has element type " + std::string(dataTypeName(tensor.dtype())) +
                              "; only float32 is supported");
}

int64_t spatialRankOf(const OpContext& context, const Tensor& x, int64_t minRank) {
  if (x.rank() < minRank)
    throw context.error("input X must have shape [N, C, D1, ...] with at least " + std::to_string(minRank) +
                        " dimensions but has shape " + shapeToString(x.shape()));
  const int64_t spatialRank = x.rank() - 2;
  if (spatialRank > kernels::kMaxSpatialRank)
    throw context.unsupported("input X has " + std::to_string(spatialRank) +
                              " spatial dimensions; at most 3 are supported");
  return spatialRank;
}

void requireChannelVector(const OpContext& context, const Tensor& tensor, const std::string& what,
                          int64_t channels) {
  if (tensor.numel() != channels)
    throw context.error(what + " must hold one value per channel (" + std::to_string(channels) +
                        ") but has shape " + shapeToString(tensor.shape()));
}

}  // namespace quantlens::nn
