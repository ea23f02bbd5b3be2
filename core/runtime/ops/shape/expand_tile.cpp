// Expand (opset 13: bidirectional broadcast to a shape) and Tile (opset 13: repeats per axis),
// both as strided copies that read some input dimensions with stride 0.
#include "core/runtime/ops/shape/shape_kernels.h"
#include "core/runtime/ops/shape/shape_op_utils.h"

namespace quantlens {

void expandKernel(OpContext& context) {
  const Tensor& data = context.input(0);
  const std::vector<int64_t> target = readIntegerList(context, 1, "shape");
  const auto dataRank = static_cast<size_t>(data.rank());
  const size_t rank = std::max(dataRank, target.size());
  const std::vector<int64_t> inStrides = stridesOf(data.shape());

  // Dimensions align from the right; a pair broadcasts when it is equal or one side is 1.
  Shape shape(rank);
  std::vector<int64_t> strides(rank, 0);
  for (size_t d = 0; d < rank; ++d) {
    const bool inData = d + dataRank >= rank;
    const bool inTarget = d + target.size() >= rank;
    const int64_t have = inData ? data.shape()[d + dataRank - rank] : 1;
    const int64_t want = inTarget ? target[d + target.size() - rank] : 1;
    if (want < 0) throw context.error("shape " + listToString(target) + " has a negative dimension");
    if (have != want && have != 1 && want != 1)
      throw context.error("cannot broadcast an input of shape " + shapeToString(data.shape()) + " to " +
                          listToString(target));
    shape[d] = have == 1 ? want : have;
    // A data dimension of 1 repeats (stride 0) unless it stays 1.
    if (inData && !(have == 1 && shape[d] != 1)) strides[d] = inStrides[d + dataRank - rank];
  }
  Tensor out(data.dtype(), std::move(shape));
  copyStrided(data, 0, strides, out);
  context.setOutput(0, std::move(out));
}

void tileKernel(OpContext& context) {
  if (context.inputCount() > 2)
    throw context.unsupported("the opset-1 form of Tile (inputs tiles and axis) is not supported");
  const Tensor& data = context.input(0);
  const std::vector<int64_t> repeats = readIntegerList(context, 1, "repeats");
  if (static_cast<int64_t>(repeats.size()) != data.rank())
    throw context.error("repeats " + listToString(repeats) + " must have one value per axis of the input of shape " +
                        shapeToString(data.shape()));
  for (int64_t r : repeats)
    if (r < 0) throw context.error("repeats " + listToString(repeats) + " has a negative value");

  // Output axis d is [repeats[d], dim[d]] in row-major order, so reading the input through the
  // interleaved shape [r0, d0, r1, d1, ...] with stride 0 on each r writes the output directly.
  const std::vector<int64_t> inStrides = stridesOf(data.shape());
  Shape interleaved, shape;
  std::vector<int64_t> strides;
  for (size_t d = 0; d < repeats.size(); ++d) {
    interleaved.insert(interleaved.end(), {repeats[d], data.shape()[d]});
    strides.insert(strides.end(), {0, inStrides[d]});
    shape.push_back(repeats[d] * data.shape()[d]);
  }
  Tensor out(data.dtype(), std::move(interleaved));
  copyStrided(data, 0, strides, out);
  out.reshape(std::move(shape));
  context.setOutput(0, std::move(out));
}

}  // namespace quantlens
