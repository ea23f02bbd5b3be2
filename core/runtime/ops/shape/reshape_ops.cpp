// Flatten, Reshape, Squeeze, Unsqueeze, Identity and inference-mode Dropout: the output holds the
// input's elements in the same order, only the shape changes (if at all).
#include <algorithm>
#include <cstring>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void flattenKernel(OpContext& context) {
  const Tensor& data = context.input(0);
  const int64_t rank = data.rank();
  const int64_t requested = context.attributes().getInt("axis", 1);
  // Unlike most axes, Flatten's may equal the rank (everything goes to the first dimension).
  const int64_t axis = requested < 0 ? requested + rank : requested;
  if (axis < 0 || axis > rank)
    throw context.error("axis " + std::to_string(requested) + " is out of range for an input of shape " +
                        shapeToString(data.shape()) + " (valid: " + std::to_string(-rank) + " to " +
                        std::to_string(rank) + ")");
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= data.dim(d);
  int64_t inner = 1;
  for (int64_t d = axis; d < rank; ++d) inner *= data.dim(d);
  context.setOutput(0, reshaped(data, {outer, inner}));
}

void reshapeKernel(OpContext& context) {
  rejectLegacyAttribute(context, "shape", 5);
  const Tensor& data = context.input(0);
  const std::vector<int64_t> requested = readIntegerList(context, 1, "shape");
  const bool allowZero = context.attributes().getInt("allowzero", 0) != 0;
  auto fail = [&](const std::string& rule) {
    return context.error("cannot reshape an input of shape " + shapeToString(data.shape()) + " to " +
                         listToString(requested) + ": " + rule);
  };

  Shape shape(requested.size());
  int64_t inferredAt = -1;
  int64_t knownProduct = 1;
  bool hasZero = false;
  for (size_t i = 0; i < requested.size(); ++i) {
    int64_t dim = requested[i];
    if (dim == -1) {
      if (inferredAt >= 0) throw fail("only one dimension may be -1");
      inferredAt = static_cast<int64_t>(i);
      continue;
    }
    if (dim < -1) throw fail("dimension " + std::to_string(dim) + " is negative");
    if (dim == 0) {
      hasZero = true;
      if (!allowZero) {
        // 0 copies the input's dimension at the same position (allowzero=0, the default).
        if (static_cast<int64_t>(i) >= data.rank())
          throw fail("0 at position " + std::to_string(i) + " copies an input dimension that does not exist");
        dim = data.dim(static_cast<int64_t>(i));
      }
    }
    shape[i] = dim;
    knownProduct *= dim;
  }
  if (inferredAt >= 0) {
    if (allowZero && hasZero) throw fail("with allowzero=1 the shape may not hold both 0 and -1");
    if (knownProduct == 0) throw fail("the -1 dimension is ambiguous when the others multiply to 0");
    if (data.numel() % knownProduct != 0)
      throw fail(std::to_string(data.numel()) + " elements do not divide into dimensions multiplying to " +
                 std::to_string(knownProduct));
    shape[static_cast<size_t>(inferredAt)] = data.numel() / knownProduct;
  }
  if (elementCount(shape) != data.numel())
    throw fail("the input has " + std::to_string(data.numel()) + " elements but the shape holds " +
               std::to_string(elementCount(shape)));
  context.setOutput(0, reshaped(data, std::move(shape)));
}

void squeezeKernel(OpContext& context) {
  rejectLegacyAttribute(context, "axes", 13);
  const Tensor& data = context.input(0);
  std::vector<int64_t> axes;
  if (context.hasInput(1)) axes = resolveAxes(context, readIntegerList(context, 1, "axes"), data.rank());
  Shape shape;
  for (int64_t d = 0; d < data.rank(); ++d) {
    // No axes (absent or empty, as ONNX Runtime reads it): every dimension of size 1 goes.
    const bool listed = axes.empty() ? data.dim(d) == 1 : std::find(axes.begin(), axes.end(), d) != axes.end();
    if (!listed) {
      shape.push_back(data.dim(d));
      continue;
    }
    if (data.dim(d) != 1)
      throw context.error("cannot squeeze axis " + std::to_string(d) + " of an input of shape " +
                          shapeToString(data.shape()) + ": its size is " + std::to_string(data.dim(d)) + ", not 1");
  }
  context.setOutput(0, reshaped(data, std::move(shape)));
}

void unsqueezeKernel(OpContext& context) {
  rejectLegacyAttribute(context, "axes", 13);
  const Tensor& data = context.input(0);
  const std::vector<int64_t> requested = readIntegerList(context, 1, "axes");
  // Axes index the output, whose rank counts the new dimensions too.
  const int64_t outRank = data.rank() + static_cast<int64_t>(requested.size());
  const std::vector<int64_t> axes = resolveAxes(context, requested, outRank);
  Shape shape;
  int64_t next = 0;
  for (int64_t d = 0; d < outRank; ++d)
    shape.push_back(std::find(axes.begin(), axes.end(), d) != axes.end() ? 1 : data.dim(next++));
  context.setOutput(0, reshaped(data, std::move(shape)));
}

void identityKernel(OpContext& context) { context.setOutput(0, context.input(0)); }

void dropoutKernel(OpContext& context) {
  const Tensor& data = context.input(0);
  const double ratio = context.hasInput(1) ? readScalar(context, 1, "ratio") : 0.5;
  const bool training = context.hasInput(2) && readScalar(context, 2, "training_mode") != 0;
  if (training && ratio != 0)
    throw context.unsupported("training_mode=true with ratio " + std::to_string(ratio) +
                              " drops elements at random; only inference (or ratio 0) is supported");
  context.setOutput(0, data);
  if (context.outputCount() > 1 && context.wantsOutput(1)) {
    // Nothing is dropped, so the mask keeps everything. Before opset 10 it had the input's type.
    const DataType maskType = context.opset() < 10 ? data.dtype() : DataType::Bool;
    context.setOutput(1, Tensor::fromVector<bool>(data.shape(), std::vector<bool>(static_cast<size_t>(data.numel()), true))
                             .castTo(maskType));
  }
}

}  // namespace quantlens
