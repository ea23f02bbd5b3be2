// Transpose: output dimension i is input dimension perm[i]; perm defaults to the reversed axes.
#include <algorithm>
#include <numeric>

#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void transposeKernel(OpContext& context) {
  const Tensor& data = context.input(0);
  const int64_t rank = data.rank();
  std::vector<int64_t> perm(static_cast<size_t>(rank));
  std::iota(perm.rbegin(), perm.rend(), 0);
  if (context.attributes().has("perm")) perm = context.attributes().getInts("perm");

  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> identity(static_cast<size_t>(rank));
  std::iota(identity.begin(), identity.end(), 0);
  if (sorted != identity)
    throw context.error("perm " + listToString(perm) + " is not a permutation of the " + std::to_string(rank) +
                        " axes of an input of shape " + shapeToString(data.shape()));

  // Reading the input with permuted strides writes the output in row-major order.
  const std::vector<int64_t> inStrides = stridesOf(data.shape());
  Shape shape;
  std::vector<int64_t> strides;
  for (int64_t axis : perm) {
    shape.push_back(data.dim(axis));
    strides.push_back(inStrides[static_cast<size_t>(axis)]);
  }
  Tensor out(data.dtype(), std::move(shape));
  copyStrided(data, 0, strides, out);
  context.setOutput(0, std::move(out));
}

}  // namespace quantlens
