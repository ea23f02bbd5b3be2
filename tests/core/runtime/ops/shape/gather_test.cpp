// Gather.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

const Tensor kRows = floats({3, 2}, {1, 2, 3, 4, 5, 6});

TEST(Gather, PicksRowsAlongAxisZero) {
  auto out = runOp("Gather", {kRows, int64s({2, 0})});
  expectTensorNear(out[0], floats({2, 2}, {5, 6, 1, 2}));
}

TEST(Gather, NegativeIndicesCountFromTheEnd) {
  // Column −1 = column 1 of each row.
  auto out = runOp("Gather", {kRows, Tensor::fromVector<int32_t>({1}, {-1})}, attributes({{"axis", int64_t{1}}}));
  expectTensorNear(out[0], floats({3, 1}, {2, 4, 6}));
}

TEST(Gather, IndicesShapeReplacesTheAxis) {
  // data [2, 3], indices [2, 2] on axis 1 → [2, 2, 2]: out[i][a][b] = data[i][idx[a][b]].
  auto out = runOp("Gather", {floats({2, 3}, {1, 2, 3, 4, 5, 6}), Tensor::fromVector<int64_t>({2, 2}, {0, 2, 1, 1})},
                   attributes({{"axis", int64_t{1}}}));
  expectTensorNear(out[0], floats({2, 2, 2}, {1, 3, 2, 2, 4, 6, 5, 5}));
}

TEST(Gather, AScalarIndexDropsTheAxis) {
  auto out = runOp("Gather", {kRows, Tensor::scalar<int64_t>(1)});
  expectTensorNear(out[0], floats({2}, {3, 4}));
}

TEST(Gather, RejectsAnOutOfRangeIndex) {
  const Error e = caughtError([] { runOp("Gather", {kRows, int64s({3})}); });
  EXPECT_TRUE(contains(e.message(), "index 3") && contains(e.message(), "size 3")) << e.message();
}

}  // namespace
}  // namespace quantlens::testing
