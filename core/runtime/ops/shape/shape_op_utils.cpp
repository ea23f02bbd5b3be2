// Shared helpers of the shape operators.
#include "core/runtime/ops/shape/shape_op_utils.h"

#include <algorithm>
#include <cstring>

namespace quantlens {
namespace {

bool isInteger(DataType type) {
  return type != DataType::Undefined && type != DataType::Bool && !isFloatingPoint(type);
}

// The row loop of copyStrided for one element size: the last dimension is copied in one memcpy
// when it is contiguous, and the outer dimensions advance like an odometer.
template <size_t kSize>
void copyStridedBytes(const std::byte* src, std::byte* dst, const Shape& shape,
                      const std::vector<int64_t>& strides, int64_t offset) {
  const int64_t total = elementCount(shape);
  if (total == 0) return;
  if (shape.empty()) {
    std::memcpy(dst, src + offset * static_cast<int64_t>(kSize), kSize);
    return;
  }
  const size_t rank = shape.size();
  const int64_t inner = shape.back();
  const int64_t innerStride = strides.back();
  std::vector<int64_t> index(rank - 1, 0);
  int64_t base = offset;
  for (int64_t row = 0, rows = total / inner; row < rows; ++row) {
    const std::byte* from = src + base * static_cast<int64_t>(kSize);
    if (innerStride == 1) {
      std::memcpy(dst, from, static_cast<size_t>(inner) * kSize);
    } else {
      for (int64_t j = 0; j < inner; ++j)
        std::memcpy(dst + j * static_cast<int64_t>(kSize), from + j * innerStride * static_cast<int64_t>(kSize), kSize);
    }
    dst += inner * static_cast<int64_t>(kSize);
    for (size_t d = rank - 1; d-- > 0;) {
      base += strides[d];
      if (++index[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
}

}  // namespace

std::vector<int64_t> readIntegerList(const OpContext& context, size_t index, const std::string& role) {
  const Tensor& tensor = context.input(index);
  if (!isInteger(tensor.dtype()))
    throw context.error(role + " (input " + std::to_string(index) + ") must be an integer tensor but has type " +
                        std::string(dataTypeName(tensor.dtype())));
  if (tensor.rank() > 1)
    throw context.error(role + " (input " + std::to_string(index) + ") must be 1-D but has shape " +
                        shapeToString(tensor.shape()));
  return tensor.toInt64Vector();
}

double readScalar(const OpContext& context, size_t index, const std::string& role) {
  const Tensor& tensor = context.input(index);
  if (tensor.numel() != 1)
    throw context.error(role + " (input " + std::to_string(index) + ") must hold one value but has shape " +
                        shapeToString(tensor.shape()));
  return tensor.valueAsDouble(0);
}

int64_t resolveAxis(const OpContext& context, int64_t axis, int64_t rank, const std::string& role) {
  const int64_t resolved = normalizeAxis(axis, rank);
  if (resolved < 0)
    throw context.error(role + " " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank) +
                        " (valid: " + std::to_string(-rank) + " to " + std::to_string(rank - 1) + ")");
  return resolved;
}

std::vector<int64_t> resolveAxes(const OpContext& context, const std::vector<int64_t>& axes, int64_t rank,
                                 const std::string& role) {
  std::vector<int64_t> resolved;
  for (int64_t axis : axes) {
    const int64_t r = normalizeAxis(axis, rank);
    if (r < 0)
      throw context.error(role + " " + listToString(axes) + " contain " + std::to_string(axis) +
                          ", out of range for rank " + std::to_string(rank) + " (valid: " +
                          std::to_string(-rank) + " to " + std::to_string(rank - 1) + ")");
    if (std::find(resolved.begin(), resolved.end(), r) != resolved.end())
      throw context.error(role + " " + listToString(axes) + " name axis " + std::to_string(r) + " twice");
    resolved.push_back(r);
  }
  return resolved;
}

void rejectLegacyAttribute(const OpContext& context, const std::string& name, int64_t inputSinceOpset) {
  if (context.attributes().has(name))
    throw context.error("has attribute '" + name + "', which opset " + std::to_string(inputSinceOpset) +
                        " replaced by an input; run normalizeOpsets() on the graph first");
}

std::string listToString(const std::vector<int64_t>& values) { return shapeToString(values); }

void copyStrided(const Tensor& src, int64_t offset, const std::vector<int64_t>& strides, Tensor& dst) {
  assert(strides.size() == dst.shape().size() && "one stride per output dimension");
  const std::byte* from = src.rawData();
  std::byte* to = dst.rawData();
  switch (elementSize(src.dtype())) {
    case 1: return copyStridedBytes<1>(from, to, dst.shape(), strides, offset);
    case 2: return copyStridedBytes<2>(from, to, dst.shape(), strides, offset);
    case 4: return copyStridedBytes<4>(from, to, dst.shape(), strides, offset);
    case 8: return copyStridedBytes<8>(from, to, dst.shape(), strides, offset);
    default: break;
  }
  assert(false && "every element type is 1, 2, 4 or 8 bytes");
}

Tensor reshaped(const Tensor& src, Shape shape) {
  Tensor out = src;
  out.reshape(std::move(shape));
  return out;
}

}  // namespace quantlens
