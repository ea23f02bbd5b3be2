// Concat (opset 13) and Split (opset 18: sizes as input 1 or num_outputs): both walk the tensor as
// [outer, axis, inner] and move whole contiguous [axis, inner] blocks.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {
namespace {

int64_t product(const Shape& shape, int64_t begin, int64_t end) {
  int64_t result = 1;
  for (int64_t d = begin; d < end; ++d) result *= shape[static_cast<size_t>(d)];
  return result;
}

}  // namespace

void concatKernel(OpContext& context) {
  if (!context.attributes().has("axis")) throw context.error("attribute 'axis' is required");
  if (context.inputCount() == 0) throw context.error("needs at least one input");
  const Tensor& first = context.input(0);
  if (first.rank() == 0) throw context.error("cannot concatenate scalars");
  const int64_t rank = first.rank();
  const int64_t axis = resolveAxis(context, context.attributes().getInt("axis", 0), rank);

  Shape shape = first.shape();
  shape[static_cast<size_t>(axis)] = 0;
  for (size_t i = 0; i < context.inputCount(); ++i) {
    const Tensor& in = context.input(i);
    bool matches = in.dtype() == first.dtype() && in.rank() == rank;
    for (int64_t d = 0; matches && d < rank; ++d) matches = d == axis || in.dim(d) == first.dim(d);
    if (!matches)
      throw context.error("input " + std::to_string(i) + " (" + std::string(dataTypeName(in.dtype())) + " " +
                          shapeToString(in.shape()) + ") does not match input 0 (" +
                          std::string(dataTypeName(first.dtype())) + " " + shapeToString(first.shape()) +
                          ") outside axis " + std::to_string(axis));
    shape[static_cast<size_t>(axis)] += in.dim(axis);
  }

  const int64_t outer = product(shape, 0, axis);
  const int64_t innerBytes = product(shape, axis + 1, rank) * static_cast<int64_t>(elementSize(first.dtype()));
  Tensor out(first.dtype(), std::move(shape));
  std::byte* dst = out.rawData();
  for (int64_t o = 0; o < outer; ++o) {
    for (size_t i = 0; i < context.inputCount(); ++i) {
      const Tensor& in = context.input(i);
      const int64_t blockBytes = in.dim(axis) * innerBytes;
      std::memcpy(dst, in.rawData() + o * blockBytes, static_cast<size_t>(blockBytes));
      dst += blockBytes;
    }
  }
  context.setOutput(0, std::move(out));
}

void splitKernel(OpContext& context) {
  rejectLegacyAttribute(context, "split", 13);
  const Tensor& data = context.input(0);
  if (data.rank() == 0) throw context.error("cannot split a scalar");
  const int64_t rank = data.rank();
  const int64_t axis = resolveAxis(context, context.attributes().getInt("axis", 0), rank);
  const int64_t length = data.dim(axis);
  const auto outputs = static_cast<int64_t>(context.outputCount());

  std::vector<int64_t> sizes;
  if (context.hasInput(1)) {
    sizes = readIntegerList(context, 1, "split");
    if (static_cast<int64_t>(sizes.size()) != outputs)
      throw context.error("split " + listToString(sizes) + " has " + std::to_string(sizes.size()) +
                          " sizes for " + std::to_string(outputs) + " outputs");
    for (int64_t size : sizes)
      if (size < 0) throw context.error("split " + listToString(sizes) + " has a negative size");
    if (std::accumulate(sizes.begin(), sizes.end(), int64_t{0}) != length)
      throw context.error("split " + listToString(sizes) + " does not add up to " + std::to_string(length) +
                          ", the size of axis " + std::to_string(axis) + " of " + shapeToString(data.shape()));
  } else if (context.attributes().has("num_outputs")) {
    const int64_t parts = context.attributes().getInt("num_outputs", 0);
    if (parts != outputs)
      throw context.error("num_outputs is " + std::to_string(parts) + " but the node has " +
                          std::to_string(outputs) + " outputs");
    // Opset 18: chunks of ceil(length / parts); the last one takes what is left.
    const int64_t chunk = (length + parts - 1) / parts;
    for (int64_t i = 0; i < parts; ++i) sizes.push_back(std::clamp(length - i * chunk, int64_t{0}, chunk));
  } else {
    // Opset 13 without sizes: equal parts, one per output.
    if (outputs == 0 || length % outputs != 0)
      throw context.error("axis " + std::to_string(axis) + " of " + shapeToString(data.shape()) +
                          " does not split into " + std::to_string(outputs) + " equal parts");
    sizes.assign(static_cast<size_t>(outputs), length / outputs);
  }

  const int64_t outer = product(data.shape(), 0, axis);
  const int64_t innerBytes = product(data.shape(), axis + 1, rank) * static_cast<int64_t>(elementSize(data.dtype()));
  const int64_t rowBytes = length * innerBytes;
  int64_t begin = 0;  // first position of this part along the axis
  for (size_t part = 0; part < sizes.size(); ++part) {
    Shape shape = data.shape();
    shape[static_cast<size_t>(axis)] = sizes[part];
    Tensor out(data.dtype(), std::move(shape));
    const int64_t blockBytes = sizes[part] * innerBytes;
    for (int64_t o = 0; o < outer; ++o)
      std::memcpy(out.rawData() + o * blockBytes, data.rawData() + o * rowBytes + begin * innerBytes,
                  static_cast<size_t>(blockBytes));
    begin += sizes[part];
    context.setOutput(part, std::move(out));
  }
}

}  // namespace quantlens
