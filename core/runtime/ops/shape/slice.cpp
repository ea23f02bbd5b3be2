// Slice (opset 13): starts/ends/axes/steps as inputs; out-of-range bounds are clamped, never an
// error, exactly as the spec prescribes.
#include <algorithm>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void sliceKernel(OpContext& context) {
  for (const char* legacy : {"starts", "ends", "axes"}) rejectLegacyAttribute(context, legacy, 10);
  const Tensor& data = context.input(0);
  const int64_t rank = data.rank();
  const std::vector<int64_t> starts = readIntegerList(context, 1, "starts");
  const std::vector<int64_t> ends = readIntegerList(context, 2, "ends");
  if (starts.size() != ends.size())
    throw context.error("starts " + listToString(starts) + " and ends " + listToString(ends) +
                        " have different lengths");
  std::vector<int64_t> axes(starts.size());
  for (size_t i = 0; i < axes.size(); ++i) axes[i] = static_cast<int64_t>(i);
  if (context.hasInput(3)) axes = readIntegerList(context, 3, "axes");
  std::vector<int64_t> steps(starts.size(), 1);
  if (context.hasInput(4)) steps = readIntegerList(context, 4, "steps");
  if (axes.size() != starts.size() || steps.size() != starts.size())
    throw context.error("starts, ends, axes and steps must have one length but have " +
                        std::to_string(starts.size()) + ", " + std::to_string(ends.size()) + ", " +
                        std::to_string(axes.size()) + " and " + std::to_string(steps.size()));
  axes = resolveAxes(context, axes, rank);

  const std::vector<int64_t> inStrides = stridesOf(data.shape());
  Shape shape = data.shape();
  std::vector<int64_t> strides = inStrides;
  int64_t offset = 0;
  for (size_t i = 0; i < axes.size(); ++i) {
    const auto axis = static_cast<size_t>(axes[i]);
    const int64_t dim = shape[axis];
    const int64_t step = steps[i];
    if (step == 0) throw context.error("steps " + listToString(steps) + " contain 0");
    if (dim == 0) {
      strides[axis] = 0;
      continue;  // nothing to select (and the clamp ranges below would be empty)
    }
    // Negative bounds count from the end; then positive steps clamp both to [0, dim] and
    // negative steps to [0, dim - 1] (start) and [-1, dim - 1] (end, -1 meaning "past index 0").
    // Adding dim only to negative values keeps INT64_MAX ("to the end") from overflowing.
    int64_t start = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t end = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (step > 0) {
      start = std::clamp(start, int64_t{0}, dim);
      end = std::clamp(end, int64_t{0}, dim);
    } else {
      start = std::clamp(start, int64_t{0}, dim - 1);
      end = std::clamp(end, int64_t{-1}, dim - 1);
    }
    // ceil((end - start) / step) elements, none when the range is empty; written so that huge
    // steps (INT64_MAX, "just the first") cannot overflow.
    const int64_t span = end - start;
    if (step > 0) shape[axis] = span <= 0 ? 0 : 1 + (span - 1) / step;
    else shape[axis] = span >= 0 ? 0 : 1 + (span + 1) / step;
    if (shape[axis] > 0) offset += start * inStrides[axis];
    // A single element is never stepped from, and step·stride might overflow for huge steps.
    strides[axis] = shape[axis] <= 1 ? 0 : inStrides[axis] * step;
  }
  Tensor out(data.dtype(), std::move(shape));
  copyStrided(data, offset, strides, out);
  context.setOutput(0, std::move(out));
}

}  // namespace quantlens
