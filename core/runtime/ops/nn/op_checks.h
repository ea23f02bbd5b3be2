// Input checks shared by the nn operators, each throwing an Error that names the node and the value.
#pragma once

#include <string>
#include <vector>

#include "core/runtime/op_context.h"

namespace quantlens::nn {

// "[3, 3]"
std::string listToString(const std::vector<int64_t>& values);

// Refuses (unsupported) any element type but float32; `what` names the input ("input X").
void requireFloat32(const OpContext& context, const Tensor& tensor, const std::string& what);

// The spatial rank of an [N, C, D1, ..., Dk] input: an error below `minRank` dimensions, and
// unsupported beyond 3 spatial axes (the kernels' limit).
int64_t spatialRankOf(const OpContext& context, const Tensor& x, int64_t minRank = 3);

// The per-channel parameter `what` (scale, bias, mean…) must hold exactly `channels` values.
void requireChannelVector(const OpContext& context, const Tensor& tensor, const std::string& what,
                          int64_t channels);

// Whether the model was written against an opset older than `version` (an unknown opset, 0, is
// taken as current, like the opset normalizer does).
inline bool opsetBefore(const OpContext& context, int64_t version) {
  return context.opset() > 0 && context.opset() < version;
}

}  // namespace quantlens::nn
