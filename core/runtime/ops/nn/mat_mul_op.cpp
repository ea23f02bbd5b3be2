// MatMul (opsets 1, 9, 13): numpy matmul with vector operands and broadcast batch dimensions.
#include <algorithm>
#include <vector>

#include "core/runtime/ops/nn/nn_ops.h"
#include "core/runtime/ops/nn/op_checks.h"
#include "kernels/gemm_f32.h"

namespace quantlens::nn {

void runMatMul(OpContext& context) {
  const Tensor& a = context.input(0);
  const Tensor& b = context.input(1);
  requireFloat32(context, a, "input A");
  requireFloat32(context, b, "input B");
  if (a.rank() == 0 || b.rank() == 0)
    throw context.error("MatMul needs operands of rank ≥ 1 but has shapes " + shapeToString(a.shape()) +
                        " and " + shapeToString(b.shape()));
  // A 1-D A is a row vector [1, K], a 1-D B a column vector [K, 1].
  const bool aVector = a.rank() == 1, bVector = b.rank() == 1;
  Shape aShape = a.shape(), bShape = b.shape();
  if (aVector) aShape.insert(aShape.begin(), 1);
  if (bVector) bShape.push_back(1);
  const int64_t m = aShape[aShape.size() - 2], k = aShape.back();
  const int64_t kB = bShape[bShape.size() - 2], n = bShape.back();
  if (k != kB)
    throw context.error("A has shape " + shapeToString(a.shape()) + " and B has shape " +
                        shapeToString(b.shape()) + ": the inner dimensions " + std::to_string(k) + " and " +
                        std::to_string(kB) + " differ");

  // Batch dimensions, right-aligned and broadcast.
  const Shape aBatch(aShape.begin(), aShape.end() - 2), bBatch(bShape.begin(), bShape.end() - 2);
  const size_t batchRank = std::max(aBatch.size(), bBatch.size());
  Shape batch(batchRank);
  std::vector<int64_t> aStride(batchRank, 0), bStride(batchRank, 0);  // in matrices; 0 when broadcast
  int64_t aStep = 1, bStep = 1;
  for (size_t i = batchRank; i-- > 0;) {
    const size_t fromEnd = batchRank - 1 - i;
    const int64_t da = fromEnd < aBatch.size() ? aBatch[aBatch.size() - 1 - fromEnd] : 1;
    const int64_t db = fromEnd < bBatch.size() ? bBatch[bBatch.size() - 1 - fromEnd] : 1;
    if (da != db && da != 1 && db != 1)
      throw context.error("the batch dimensions of A " + shapeToString(a.shape()) + " and B " +
                          shapeToString(b.shape()) + " do not broadcast");
    batch[i] = da == 1 ? db : da;
    aStride[i] = da == 1 ? 0 : aStep;
    bStride[i] = db == 1 ? 0 : bStep;
    aStep *= da;
    bStep *= db;
  }
  Shape outShape = batch;
  if (!aVector) outShape.push_back(m);
  if (!bVector) outShape.push_back(n);
  Tensor y(DataType::Float32, outShape);
  const float* aData = a.data<float>();
  const float* bData = b.data<float>();
  float* out = y.data<float>();
  const int64_t batchCount = elementCount(batch);

  if (bStep == 1) {
    // B is one matrix shared by every batch: stack A's batches into one [batch·M, K] GEMM.
    kernels::gemmF32(false, false, batchCount * m, n, k, 1.0f, aData, k, bData, n, 0.0f, out, n);
  } else {
    std::vector<int64_t> index(batchRank, 0);
    for (int64_t i = 0; i < batchCount; ++i) {
      int64_t aMatrix = 0, bMatrix = 0;
      for (size_t d = 0; d < batchRank; ++d) {
        aMatrix += index[d] * aStride[d];
        bMatrix += index[d] * bStride[d];
      }
      kernels::gemmF32(false, false, m, n, k, 1.0f, aData + aMatrix * m * k, k, bData + bMatrix * k * n, n,
                       0.0f, out + i * m * n, n);
      for (size_t d = batchRank; d-- > 0;) {
        if (++index[d] < batch[d]) break;
        index[d] = 0;
      }
    }
  }
  context.setOutput(0, std::move(y));
}

}  // namespace quantlens::nn
