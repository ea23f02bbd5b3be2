// Gather (opset 13): picks slices of `data` along `axis` by index; negative indices count from the end.
#include <cstring>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void gatherKernel(OpContext& context) {
  const Tensor& data = context.input(0);
  const Tensor& indices = context.input(1);
  if (indices.dtype() != DataType::Int32 && indices.dtype() != DataType::Int64)
    throw context.error("indices must be int32 or int64 but have type " + std::string(dataTypeName(indices.dtype())));
  if (data.rank() == 0) throw context.error("data must have rank 1 or more but is a scalar");
  const int64_t axis = resolveAxis(context, context.attributes().getInt("axis", 0), data.rank());
  const int64_t axisSize = data.dim(axis);

  std::vector<int64_t> positions = indices.toInt64Vector();
  for (int64_t& p : positions) {
    const int64_t given = p;
    if (p < 0) p += axisSize;
    if (p < 0 || p >= axisSize)
      throw context.error("index " + std::to_string(given) + " is out of range for axis " + std::to_string(axis) +
                          " of size " + std::to_string(axisSize) + " (data shape " + shapeToString(data.shape()) + ")");
  }

  // Output shape: data[:axis] + indices.shape + data[axis+1:].
  Shape shape(data.shape().begin(), data.shape().begin() + axis);
  shape.insert(shape.end(), indices.shape().begin(), indices.shape().end());
  shape.insert(shape.end(), data.shape().begin() + axis + 1, data.shape().end());
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= data.dim(d);
  int64_t inner = 1;
  for (int64_t d = axis + 1; d < data.rank(); ++d) inner *= data.dim(d);
  const int64_t sliceBytes = inner * static_cast<int64_t>(elementSize(data.dtype()));

  Tensor out(data.dtype(), std::move(shape));
  std::byte* dst = out.rawData();
  const std::byte* src = data.rawData();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t p : positions) {
      std::memcpy(dst, src + (o * axisSize + p) * sliceBytes, static_cast<size_t>(sliceBytes));
      dst += sliceBytes;
    }
  }
  context.setOutput(0, std::move(out));
}

}  // namespace quantlens
