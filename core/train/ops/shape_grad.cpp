// Concat backward (slices of dY along the axis) and the reshape-like operators' backward (dY
// with the input's shape: Flatten, Reshape, Squeeze, Unsqueeze only relabel the elements).
#include <algorithm>
#include <cstring>

#include "core/train/ops/grad_ops.h"

namespace quantlens::grad {

void reshapeLikeBackward(BackwardContext& context) {
  if (!context.wantsGrad(0)) return;
  Tensor dx = context.outputGrad();
  dx.reshape(context.input(0).shape());
  context.setInputGrad(0, std::move(dx));
}

void concatBackward(BackwardContext& context) {
  const Tensor& dy = context.outputGrad();
  const int64_t rank = dy.rank();
  const int64_t axis = normalizeAxis(context.attributes().getInt("axis", 0), rank);
  if (axis < 0) throw context.error("axis is outside the output's rank " + std::to_string(rank));
  // Viewed as [outer, axis, inner]: input i owns a contiguous run of each outer block.
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= dy.dim(d);
  for (int64_t d = axis + 1; d < rank; ++d) inner *= dy.dim(d);
  const int64_t outBlock = dy.dim(axis) * inner;
  int64_t offset = 0;  // along the axis, in elements of one outer block
  for (size_t i = 0; i < context.node().inputs.size(); ++i) {
    const Tensor& in = context.input(i);
    const int64_t block = in.dim(axis) * inner;
    if (context.wantsGrad(i)) {
      Tensor dx(DataType::Float32, in.shape());
      for (int64_t o = 0; o < outer; ++o)
        std::copy_n(dy.data<float>() + o * outBlock + offset, block, dx.data<float>() + o * block);
      context.setInputGrad(i, std::move(dx));
    }
    offset += block;
  }
}

}  // namespace quantlens::grad
