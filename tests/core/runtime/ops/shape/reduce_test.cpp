// ReduceMean, ReduceSum, ReduceMax and ReduceMin.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

const Tensor kMatrix = floats({2, 3}, {1, 2, 3, 4, 5, 6});

TEST(ReduceSum, SumsTheListedAxesKeepingThem) {
  // Row sums 1+2+3 and 4+5+6; keepdims defaults to 1.
  expectTensorNear(runOp("ReduceSum", {kMatrix, int64s({1})})[0], floats({2, 1}, {6, 15}));
}

TEST(ReduceMean, DropsTheAxesWithoutKeepdims) {
  // Column means (1+4)/2, (2+5)/2, (3+6)/2.
  auto out = runOp("ReduceMean", {kMatrix, int64s({0})}, attributes({{"keepdims", int64_t{0}}}));
  expectTensorNear(out[0], floats({3}, {2.5f, 3.5f, 4.5f}));
}

TEST(ReduceMax, ReducesEveryAxisWhenNoneAreGiven) {
  expectTensorNear(runOp("ReduceMax", {kMatrix})[0], floats({1, 1}, {6}));
}

TEST(ReduceMin, NegativeAxesCountFromTheBack) {
  expectTensorNear(runOp("ReduceMin", {kMatrix, int64s({-1})})[0], floats({2, 1}, {1, 4}));
}

TEST(ReduceSum, EmptyAxesWithNoopReturnTheInput) {
  auto out = runOp("ReduceSum", {kMatrix, int64s({})}, attributes({{"noop_with_empty_axes", int64_t{1}}}));
  expectTensorNear(out[0], kMatrix);
  // Without noop, empty axes reduce everything: 21.
  expectTensorNear(runOp("ReduceSum", {kMatrix, int64s({})})[0], floats({1, 1}, {21}));
}

TEST(ReduceMax, PropagatesNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto out = runOp("ReduceMax", {floats({3}, {1, nan, 3})})[0];
  EXPECT_TRUE(std::isnan(out.toFloatVector()[0]));
}

TEST(ReduceMax, OfAnEmptySetIsMinusInfinityAndReduceSumIsZero) {
  const Tensor empty(DataType::Float32, {0, 2});
  const float inf = std::numeric_limits<float>::infinity();
  // Compared exactly: expectTensorNear's tolerance is NaN at infinity.
  const Tensor max = runOp("ReduceMax", {empty, int64s({0})})[0];
  EXPECT_EQ(max.shape(), (Shape{1, 2}));
  EXPECT_EQ(max.toFloatVector(), (std::vector<float>{-inf, -inf}));
  expectTensorNear(runOp("ReduceSum", {empty, int64s({0})})[0], floats({1, 2}, {0, 0}));
}

TEST(ReduceMean, TruncatesIntegerMeans) {
  // (1 + 2) / 2 = 1.5 → 1 in int32, as integer division.
  auto out = runOp("ReduceMean", {Tensor::fromVector<int32_t>({2}, {1, 2})}, attributes({{"keepdims", int64_t{0}}}));
  EXPECT_EQ(out[0].dtype(), DataType::Int32);
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{1}));
}

TEST(ReduceSum, AccumulatesSmallIntegersWithoutIntermediateOverflow) {
  // 100 + 100 − 100 = 100 fits int8 although the partial sum 200 does not.
  auto out = runOp("ReduceSum", {Tensor::fromVector<int8_t>({3}, {100, 100, -100})});
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{100}));
}

TEST(ReduceMean, ReadsTheAxesAttributeOfOlderOpsets) {
  auto out = runOp("ReduceMean", {kMatrix}, attributes({{"axes", std::vector<int64_t>{1}}}), 1, 13);
  expectTensorNear(out[0], floats({2, 1}, {2, 5}));
}

TEST(ReduceSum, RejectsAxesGivenBothWays) {
  const Error e = caughtError([] {
    runOp("ReduceSum", {kMatrix, int64s({0})}, attributes({{"axes", std::vector<int64_t>{1}}}));
  });
  EXPECT_TRUE(contains(e.message(), "both")) << e.message();
}

TEST(ReduceSum, RejectsAnAxisOutOfRange) {
  const Error e = caughtError([] { runOp("ReduceSum", {kMatrix, int64s({2})}); });
  EXPECT_TRUE(contains(e.message(), "rank 2")) << e.message();
}

}  // namespace
}  // namespace quantlens::testing
