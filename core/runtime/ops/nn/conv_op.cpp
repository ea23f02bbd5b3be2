// Conv (opsets 1, 11): grouped N-D convolution with optional bias, on kernels::convF32.
#include "core/runtime/ops/nn/nn_ops.h"
#include "core/runtime/ops/nn/op_checks.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "kernels/conv_f32.h"

namespace quantlens::nn {

void runConv(OpContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& w = context.input(1);
  const Tensor* b = context.optionalInput(2);
  requireFloat32(context, x, "input X");
  requireFloat32(context, w, "weight W");
  if (b) requireFloat32(context, *b, "bias B");
  const int64_t spatialRank = spatialRankOf(context, x);
  if (w.rank() != x.rank())
    throw context.error("weight has shape " + shapeToString(w.shape()) + " but input X has shape " +
                        shapeToString(x.shape()) + "; both need the same rank");

  const int64_t groups = context.attributes().getInt("group", 1);
  const int64_t channels = x.dim(1), filters = w.dim(0);
  if (groups < 1) throw context.error("group " + std::to_string(groups) + " must be positive");
  // W is [M, C/group, k1, ..., kn]: each filter sees the C/group channels of its group.
  if (w.dim(1) * groups != channels)
    throw context.error("input X has " + std::to_string(channels) + " channels but the weight expects " +
                        std::to_string(w.dim(1)) + " per group × " + std::to_string(groups) +
                        " groups = " + std::to_string(w.dim(1) * groups));
  if (filters % groups != 0)
    throw context.error("weight has " + std::to_string(filters) +
                        " output channels, not a multiple of group " + std::to_string(groups));
  if (b && b->numel() != filters)
    throw context.error("weight has " + std::to_string(filters) + " output channels but bias has " +
                        std::to_string(b->numel()));

  const Shape weightKernel(w.shape().begin() + 2, w.shape().end());
  WindowAttributes attributes = readWindowAttributes(context, spatialRank, weightKernel);
  attributes.ceilMode = false;  // not a Conv attribute
  const Shape inputExtents(x.shape().begin() + 2, x.shape().end());
  kernels::ConvF32Params params;
  params.batch = x.dim(0);
  params.inputChannels = channels;
  params.outputChannels = filters;
  params.groups = groups;
  params.geometry = slidingWindowGeometry(context, attributes, inputExtents);

  Tensor y(DataType::Float32, nchwShape(params.batch, filters, params.geometry.output, spatialRank));
  kernels::convF32(params, x.data<float>(), w.data<float>(), b ? b->data<float>() : nullptr, y.data<float>());
  context.setOutput(0, std::move(y));
}

}  // namespace quantlens::nn
