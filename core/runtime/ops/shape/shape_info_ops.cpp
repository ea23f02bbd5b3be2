// Shape (opset 15, with start/end) and Size: int64 descriptions of the input's shape.
#include <algorithm>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void shapeKernel(OpContext& context) {
  const Tensor& data = context.input(0);
  const int64_t rank = data.rank();
  // Out-of-range start/end are clamped to [0, rank], as the spec says, rather than rejected.
  auto clampIndex = [rank](int64_t index) { return std::clamp(index < 0 ? index + rank : index, int64_t{0}, rank); };
  const int64_t start = clampIndex(context.attributes().getInt("start", 0));
  const int64_t end = clampIndex(context.attributes().getInt("end", rank));
  std::vector<int64_t> dims;
  for (int64_t d = start; d < end; ++d) dims.push_back(data.dim(d));
  context.setOutput(0, Tensor::fromVector<int64_t>({static_cast<int64_t>(dims.size())}, dims));
}

void sizeKernel(OpContext& context) { context.setOutput(0, Tensor::scalar<int64_t>(context.input(0).numel())); }

}  // namespace quantlens
