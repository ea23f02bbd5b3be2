// MatMul: numpy semantics — vectors, broadcast batch dimensions — against naive loops.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/nn/nn_test_support.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {
namespace {

// numpy.matmul on shapes already promoted to rank ≥ 2 with equal-rank batch dims broadcast.
Tensor naiveMatMul(const Tensor& a, const Tensor& b, const Shape& expectedShape) {
  Shape as = a.shape(), bs = b.shape();
  if (as.size() == 1) as.insert(as.begin(), 1);
  if (bs.size() == 1) bs.push_back(1);
  while (as.size() < bs.size()) as.insert(as.begin(), 1);
  while (bs.size() < as.size()) bs.insert(bs.begin(), 1);
  const size_t rank = as.size();
  const int64_t m = as[rank - 2], k = as[rank - 1], n = bs[rank - 1];
  std::vector<int64_t> batch(rank - 2);
  for (size_t i = 0; i + 2 < rank; ++i) batch[i] = std::max(as[i], bs[i]);
  Tensor y(DataType::Float32, expectedShape);
  int64_t out = 0;
  // An empty batch is one matrix: forEachIndex visits the empty index once.
  forEachIndex(batch, [&](const std::vector<int64_t>& index) {
    int64_t aMatrix = 0, bMatrix = 0;
    for (size_t i = 0; i + 2 < rank; ++i) {
      aMatrix = aMatrix * as[i] + (as[i] == 1 ? 0 : index[i]);
      bMatrix = bMatrix * bs[i] + (bs[i] == 1 ? 0 : index[i]);
    }
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double sum = 0.0;
        for (int64_t p = 0; p < k; ++p)
          sum += double{a.data<float>()[aMatrix * m * k + i * k + p]} *
                 b.data<float>()[bMatrix * k * n + p * n + j];
        y.data<float>()[out++] = static_cast<float>(sum);
      }
  });
  return y;
}

TEST(MatMul, MultipliesTwoMatrices) {
  // [[1, 2, 3]] · [[1], [2], [3]] = [[14]]
  const auto y = runOp(
      "MatMul", {Tensor::fromVector<float>({1, 3}, {1, 2, 3}), Tensor::fromVector<float>({3, 1}, {1, 2, 3})});
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 1}, {14}));
}

TEST(MatMul, DropsThePromotedAxesOfVectorOperands) {
  // [1, 2] · [[1, 2], [3, 4]] = [7, 10]; [[1, 2], [3, 4]] · [1, 2] = [5, 11]; [1, 2] · [3, 4] = 11.
  const Tensor v = Tensor::fromVector<float>({2}, {1, 2});
  const Tensor m = Tensor::fromVector<float>({2, 2}, {1, 2, 3, 4});
  expectTensorNear(runOp("MatMul", {v, m})[0], Tensor::fromVector<float>({2}, {7, 10}));
  expectTensorNear(runOp("MatMul", {m, v})[0], Tensor::fromVector<float>({2}, {5, 11}));
  expectTensorNear(runOp("MatMul", {v, Tensor::fromVector<float>({2}, {3, 4})})[0],
                   Tensor::fromVector<float>({}, {11}));
}

TEST(MatMul, BroadcastsBatchDimensions) {
  struct Case {
    Shape a, b, y;
  };
  const Case cases[] = {
      {{2, 3, 4}, {4, 5}, {2, 3, 5}},              // shared B: one stacked GEMM
      {{3, 4}, {2, 4, 5}, {2, 3, 5}},              // shared A
      {{2, 1, 3, 4}, {1, 3, 4, 5}, {2, 3, 3, 5}},  // both broadcast
      {{2, 3, 4}, {2, 4, 5}, {2, 3, 5}},
      {{1, 1, 3, 4}, {4, 5}, {1, 1, 3, 5}},
      {{4}, {2, 4, 5}, {2, 5}},
      {{2, 3, 4}, {4}, {2, 3}},
      {{2, 0, 4}, {4, 5}, {2, 0, 5}},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    SCOPED_TRACE(shapeToString(c.a) + " · " + shapeToString(c.b));
    const Tensor a = randomTensor(c.a, seed++), b = randomTensor(c.b, seed++);
    const auto y = runOp("MatMul", {a, b});
    expectTensorNear(y[0], naiveMatMul(a, b, c.y), 1e-5, 1e-5);
  }
}

TEST(MatMul, NamesTheInnerDimensionsWhenTheyDisagree) {
  expectError(
      [] {
        runOp("MatMul", {randomTensor({2, 3}, 1), randomTensor({4, 5}, 2)});
      },
      ErrorKind::InvalidInput, "the inner dimensions 3 and 4 differ");
}

TEST(MatMul, RejectsBatchDimensionsThatDoNotBroadcast) {
  expectError(
      [] {
        runOp("MatMul", {randomTensor({2, 3, 4}, 1), randomTensor({3, 4, 5}, 2)});
      },
      ErrorKind::InvalidInput, "do not broadcast");
}

TEST(MatMul, RefusesIntegerInputsAsUnsupported) {
  const Tensor a = Tensor::fromVector<int32_t>({1, 1}, {1});
  expectError([&] { runOp("MatMul", {a, a}); }, ErrorKind::Unsupported, "only float32 is supported");
}

}  // namespace
}  // namespace quantlens::testing
