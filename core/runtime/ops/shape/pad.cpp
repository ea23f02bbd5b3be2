// Pad (opset 19+ form): pads, constant_value and axes as inputs; modes constant, reflect, edge and
// wrap; negative pads crop.
#include <algorithm>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {
namespace {

enum class PadMode { Constant, Reflect, Edge, Wrap };

// The input position an output position reads along one axis, or -1 for the constant.
int64_t sourceIndex(int64_t position, int64_t size, PadMode mode) {
  if (position >= 0 && position < size) return position;
  switch (mode) {
    case PadMode::Constant: return -1;
    case PadMode::Edge: return std::clamp(position, int64_t{0}, size - 1);
    case PadMode::Wrap: return ((position % size) + size) % size;
    case PadMode::Reflect: {
      // Mirror without repeating the edge, as numpy's "reflect": the pattern has period
      // 2·(size − 1), so pads wider than the axis keep reflecting.
      if (size == 1) return 0;
      const int64_t period = 2 * (size - 1);
      const int64_t m = ((position % period) + period) % period;
      return m < size ? m : period - m;
    }
  }
  return -1;
}

}  // namespace

void padKernel(OpContext& context) {
  for (const char* legacy : {"pads", "paddings", "value"}) rejectLegacyAttribute(context, legacy, 11);
  const Tensor& data = context.input(0);
  const int64_t rank = data.rank();
  const std::string modeName = context.attributes().getString("mode", "constant");
  PadMode mode;
  if (modeName == "constant") mode = PadMode::Constant;
  else if (modeName == "reflect") mode = PadMode::Reflect;
  else if (modeName == "edge") mode = PadMode::Edge;
  else if (modeName == "wrap") mode = PadMode::Wrap;
  else throw context.error("mode '" + modeName + "' is not one of constant, reflect, edge, wrap");

  std::vector<int64_t> axes(static_cast<size_t>(rank));
  for (int64_t d = 0; d < rank; ++d) axes[static_cast<size_t>(d)] = d;
  if (context.hasInput(3)) axes = resolveAxes(context, readIntegerList(context, 3, "axes"), rank);
  const std::vector<int64_t> pads = readIntegerList(context, 1, "pads");
  if (pads.size() != 2 * axes.size())
    throw context.error("pads " + listToString(pads) + " must hold 2 × " + std::to_string(axes.size()) +
                        " values (begin then end of each padded axis) for an input of shape " +
                        shapeToString(data.shape()));

  // pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...] over the listed axes.
  std::vector<int64_t> begin(static_cast<size_t>(rank), 0);
  Shape shape = data.shape();
  for (size_t i = 0; i < axes.size(); ++i) {
    const auto axis = static_cast<size_t>(axes[i]);
    begin[axis] = pads[i];
    shape[axis] += pads[i] + pads[i + axes.size()];
    if (shape[axis] < 0)
      throw context.error("pads " + listToString(pads) + " crop axis " + std::to_string(axis) + " of " +
                          shapeToString(data.shape()) + " below size 0");
    if (mode != PadMode::Constant && data.shape()[axis] == 0 && shape[axis] > 0)
      throw context.error("mode '" + modeName + "' cannot pad axis " + std::to_string(axis) +
                          ", which is empty in the input of shape " + shapeToString(data.shape()));
  }

  // Per axis, the input position each output position reads (or -1: the constant).
  std::vector<std::vector<int64_t>> sources(static_cast<size_t>(rank));
  for (size_t d = 0; d < sources.size(); ++d)
    for (int64_t j = 0; j < shape[d]; ++j) sources[d].push_back(sourceIndex(j - begin[d], data.shape()[d], mode));

  Tensor out(data.dtype(), shape);
  const Tensor* constantInput = context.optionalInput(2);
  if (constantInput && constantInput->numel() > 1)
    throw context.error("constant_value must hold one value but has shape " + shapeToString(constantInput->shape()));
  // The spec wants constant_value in the data's type; older models (rewritten from the float
  // `value` attribute) may differ, so it is converted rather than refused.
  const Tensor fill = constantInput && constantInput->numel() == 1 ? constantInput->castTo(data.dtype())
                                                                    : Tensor::zeros(data.dtype(), {});
  visitDataType(data.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T value = fill.data<T>()[0];
    const T* src = data.data<T>();
    T* dst = out.data<T>();
    if (rank == 0) {
      dst[0] = src[0];
      return;
    }
    const int64_t inner = shape.back();
    if (out.numel() == 0) return;
    const std::vector<int64_t> inStrides = stridesOf(data.shape());
    const std::vector<int64_t>& last = sources.back();
    std::vector<int64_t> index(static_cast<size_t>(rank - 1), 0);
    for (int64_t row = 0, rows = out.numel() / inner; row < rows; ++row, dst += inner) {
      int64_t base = 0;
      bool isConstant = false;
      for (size_t d = 0; d + 1 < static_cast<size_t>(rank); ++d) {
        const int64_t s = sources[d][static_cast<size_t>(index[d])];
        isConstant = isConstant || s < 0;
        base += s * inStrides[d];
      }
      for (int64_t j = 0; j < inner; ++j) {
        const int64_t s = last[static_cast<size_t>(j)];
        dst[j] = isConstant || s < 0 ? value : src[base + s];
      }
      for (size_t d = static_cast<size_t>(rank - 1); d-- > 0;) {
        if (++index[d] < shape[d]) break;
        index[d] = 0;
      }
    }
  });
  context.setOutput(0, std::move(out));
}

}  // namespace quantlens
