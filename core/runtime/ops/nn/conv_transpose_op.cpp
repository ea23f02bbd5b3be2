// ConvTranspose (opsets 1, 11): the gradient of a grouped convolution, on kernels::convTransposeF32.
#include "core/runtime/ops/nn/nn_ops.h"
#include "core/runtime/ops/nn/op_checks.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "kernels/conv_f32.h"

namespace quantlens::nn {
namespace {

// floor(a / 2) for negative a too (output_shape can ask for less padding than none).
int64_t floorHalf(int64_t a) { return a >= 0 ? a / 2 : -((-a + 1) / 2); }

}  // namespace

void runConvTranspose(OpContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& w = context.input(1);
  const Tensor* b = context.optionalInput(2);
  requireFloat32(context, x, "input X");
  requireFloat32(context, w, "weight W");
  if (b) requireFloat32(context, *b, "bias B");
  const int64_t spatialRank = spatialRankOf(context, x);
  const auto rank = static_cast<size_t>(spatialRank);
  if (w.rank() != x.rank())
    throw context.error("weight has shape " + shapeToString(w.shape()) + " but input X has shape " +
                        shapeToString(x.shape()) + "; both need the same rank");

  const int64_t groups = context.attributes().getInt("group", 1);
  if (groups < 1) throw context.error("group " + std::to_string(groups) + " must be positive");
  // W is [C, M/group, k1, ..., kn]: input channel c spreads into the M/group outputs of its group.
  const int64_t channels = x.dim(1);
  if (w.dim(0) != channels)
    throw context.error("input X has " + std::to_string(channels) + " channels but the weight has " +
                        std::to_string(w.dim(0)) + " input channels");
  if (channels % groups != 0)
    throw context.error("input X has " + std::to_string(channels) + " channels, not a multiple of group " +
                        std::to_string(groups));
  const int64_t filters = w.dim(1) * groups;
  if (b && b->numel() != filters)
    throw context.error("weight has " + std::to_string(filters) + " output channels but bias has " +
                        std::to_string(b->numel()));

  const Shape weightKernel(w.shape().begin() + 2, w.shape().end());
  const WindowAttributes a = readWindowAttributes(context, spatialRank, weightKernel);
  const auto& attributes = context.attributes();
  std::vector<int64_t> outputPadding = attributes.getInts("output_padding", std::vector<int64_t>(rank, 0));
  if (outputPadding.size() != rank)
    throw context.error("output_padding " + listToString(outputPadding) + " needs " + std::to_string(rank) +
                        " values");
  std::vector<int64_t> outputShape = attributes.getInts("output_shape");
  if (outputShape.size() == rank + 2) outputShape.erase(outputShape.begin(), outputShape.begin() + 2);
  if (!outputShape.empty() && outputShape.size() != rank)
    throw context.error("output_shape " + listToString(outputShape) + " needs " + std::to_string(rank) +
                        " spatial extents");

  // Full output along an axis: s·(in − 1) + output_padding + (k − 1)·d + 1, less the padding.
  std::vector<int64_t> output(rank), padBegin(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t in = x.dim(static_cast<int64_t>(i) + 2);
    const int64_t full = a.strides[i] * (in - 1) + outputPadding[i] + (a.kernel[i] - 1) * a.dilations[i] + 1;
    const bool same = a.autoPad == AutoPad::SameUpper || a.autoPad == AutoPad::SameLower;
    if (!outputShape.empty() || same) {
      // Padding follows from the requested extent (SAME: in·s); the odd cell goes to the end for
      // SAME_UPPER and to the beginning otherwise, as the ONNX spec and its test data have it.
      output[i] = !outputShape.empty() ? outputShape[i] : in * a.strides[i];
      const int64_t total = full - output[i];
      padBegin[i] = a.autoPad == AutoPad::SameUpper ? floorHalf(total) : total - floorHalf(total);
    } else if (a.autoPad == AutoPad::Valid) {
      output[i] = full;
      padBegin[i] = 0;
    } else {
      output[i] = full - a.pads[i] - a.pads[i + rank];
      padBegin[i] = a.pads[i];
    }
    if (output[i] < 0)
      throw context.error("the output extent along spatial axis " + std::to_string(i) + " would be " +
                          std::to_string(output[i]));
  }

  kernels::ConvF32Params params;
  params.batch = x.dim(0);
  params.inputChannels = channels;
  params.outputChannels = filters;
  params.groups = groups;
  // The convolution this transposes maps Y's extents back onto X's.
  kernels::WindowGeometry& g = params.geometry;
  g.input = toExtents3(output, 1);
  g.output = toExtents3(Shape(x.shape().begin() + 2, x.shape().end()), 1);
  g.kernel = toExtents3(a.kernel, 1);
  g.stride = toExtents3(a.strides, 1);
  g.dilation = toExtents3(a.dilations, 1);
  g.padBegin = toExtents3(padBegin, 0);

  Tensor y(DataType::Float32, nchwShape(params.batch, filters, g.input, spatialRank));
  kernels::convTransposeF32(params, x.data<float>(), w.data<float>(), b ? b->data<float>() : nullptr,
                            y.data<float>());
  context.setOutput(0, std::move(y));
}

}  // namespace quantlens::nn
