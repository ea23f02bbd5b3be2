// Min, Max, Sum and Mean over any number of broadcast inputs.
#include <cmath>
#include <cstdint>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

// Shapes [2,1], [3] and []: together [2,3]; inputs 0 and 1 alone already give [2,3].
const Tensor kColumn = Tensor::fromVector<float>({2, 1}, {1, 10});
const Tensor kRow = Tensor::fromVector<float>({3}, {0, 5, 20});
const Tensor kScalar = Tensor::scalar(100.0f);

TEST(Sum, AddsEveryInputWithBroadcasting) {
  // out[i][j] = column[i] + row[j] + 100
  expectTensorNear(runSingle("Sum", {kColumn, kRow, kScalar}),
                   Tensor::fromVector<float>({2, 3}, {101, 106, 121, 110, 115, 130}));
}

TEST(Sum, ExpandsEarlyInputsToAShapeOnlyALaterInputHas) {
  // [1] + [] + [2,2]: the first two fill the whole [2,2] output before the third is added.
  const Tensor out = runSingle("Sum", {Tensor::fromVector<float>({1}, {1}), Tensor::scalar(2.0f),
                                       Tensor::fromVector<float>({2, 2}, {0, 10, 20, 30})});
  expectTensorNear(out, Tensor::fromVector<float>({2, 2}, {3, 13, 23, 33}));
}

TEST(Sum, ReturnsASingleInputUnchanged) {
  expectTensorNear(runSingle("Sum", {kRow}), kRow);
}

TEST(Mean, DividesTheSumByTheInputCount) {
  // (column[i] + row[j] + 100) / 3
  expectTensorNear(runSingle("Mean", {kColumn, kRow, kScalar}),
                   Tensor::fromVector<float>({2, 3}, {101.0f / 3, 106.0f / 3, 121.0f / 3, 110.0f / 3,
                                                      115.0f / 3, 130.0f / 3}));
}

TEST(Max, TakesTheLargestOfAllInputs) {
  // max(column[i], row[j], 8)
  expectTensorNear(runSingle("Max", {kColumn, kRow, Tensor::scalar(8.0f)}),
                   Tensor::fromVector<float>({2, 3}, {8, 8, 20, 10, 10, 20}));
}

TEST(Min, TakesTheSmallestOfIntegerInputs) {
  const Tensor out = runSingle("Min", {Tensor::fromVector<int32_t>({3}, {5, -1, 7}),
                                       Tensor::fromVector<int32_t>({3}, {2, 3, 9})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{2, -1, 7}));
}

TEST(Max, PropagatesNanLikeNumpy) {
  // np.maximum([nan, 1], [1, nan]) = [nan, nan]
  const Tensor out = runSingle("Max", {Tensor::fromVector<float>({2}, {NAN, 1}),
                                       Tensor::fromVector<float>({2}, {1, NAN})});
  EXPECT_TRUE(std::isnan(out.data<float>()[0]) && std::isnan(out.data<float>()[1]));
}

TEST(Sum, RejectsInputsOfDifferentTypes) {
  EXPECT_EQ(errorFrom("Sum", {kRow, Tensor::scalar(1.0)}).kind(), ErrorKind::InvalidInput);
}

TEST(Sum, RefusesIntegerInputs) {
  EXPECT_EQ(errorFrom("Sum", {Tensor::scalar<int32_t>(1), Tensor::scalar<int32_t>(2)}).kind(),
            ErrorKind::Unsupported);
}

TEST(Max, NamesEveryShapeWhenTheyCannotBroadcast) {
  const Error e = errorFrom("Max", {kColumn, kRow, Tensor(DataType::Float32, {4})});
  EXPECT_TRUE(mentions(e, "[2, 1]") && mentions(e, "[3]") && mentions(e, "[4]")) << e.what();
}

}  // namespace
}  // namespace quantlens::testing
