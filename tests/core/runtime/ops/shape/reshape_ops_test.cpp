// Flatten, Reshape, Squeeze, Unsqueeze, Identity and Dropout: shapes change, elements do not.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

Tensor iota(Shape shape) {
  std::vector<float> values(static_cast<size_t>(elementCount(shape)));
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  return floats(std::move(shape), values);
}

TEST(Flatten, SplitsTheDimensionsAtAxis) {
  // [2, 3, 4] at axis 2 → [2·3, 4]; the elements keep their order.
  auto out = runOp("Flatten", {iota({2, 3, 4})}, attributes({{"axis", int64_t{2}}}));
  expectTensorNear(out[0], iota({6, 4}));
}

TEST(Flatten, AxisZeroGivesOneRowAndDefaultAxisOne) {
  expectTensorNear(runOp("Flatten", {iota({2, 3})}, attributes({{"axis", int64_t{0}}}))[0], iota({1, 6}));
  expectTensorNear(runOp("Flatten", {iota({2, 3, 4})})[0], iota({2, 12}));
}

TEST(Flatten, NegativeAxisCountsFromTheBack) {
  // axis −1 on rank 3 is axis 2.
  expectTensorNear(runOp("Flatten", {iota({2, 3, 4})}, attributes({{"axis", int64_t{-1}}}))[0], iota({6, 4}));
}

TEST(Flatten, RejectsAnAxisBeyondTheRank) {
  const Error e = caughtError([] { runOp("Flatten", {iota({2, 3})}, attributes({{"axis", int64_t{3}}})); });
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  EXPECT_TRUE(contains(e.message(), "[2, 3]")) << e.message();
}

TEST(Reshape, CopiesZeroDimensionsAndInfersMinusOne) {
  // 0 copies dim 0 (2); −1 takes the rest: 24 / 2 = 12.
  auto out = runOp("Reshape", {iota({2, 3, 4}), int64s({0, -1})});
  expectTensorNear(out[0], iota({2, 12}));
}

TEST(Reshape, AllowZeroKeepsZeroAsAnEmptyDimension) {
  auto out = runOp("Reshape", {Tensor(DataType::Float32, {0, 3}), int64s({3, 0})},
                   attributes({{"allowzero", int64_t{1}}}));
  EXPECT_EQ(out[0].shape(), (Shape{3, 0}));
}

TEST(Reshape, RejectsTwoInferredDimensions) {
  const Error e = caughtError([] { runOp("Reshape", {iota({2, 3}), int64s({-1, -1})}); });
  EXPECT_TRUE(contains(e.message(), "only one dimension may be -1")) << e.message();
}

TEST(Reshape, RejectsAShapeWithAnotherElementCount) {
  const Error e = caughtError([] { runOp("Reshape", {iota({2, 3}), int64s({4, 2})}); });
  EXPECT_TRUE(contains(e.message(), "[2, 3]") && contains(e.message(), "[4, 2]")) << e.message();
}

TEST(Reshape, RejectsTheOldShapeAttributeUntilNormalized) {
  const Error e = caughtError([] {
    runOp("Reshape", {iota({2, 3}), int64s({6})}, attributes({{"shape", std::vector<int64_t>{6}}}));
  });
  EXPECT_TRUE(contains(e.message(), "normalizeOpsets")) << e.message();
}

TEST(Squeeze, RemovesTheListedAxes) {
  auto out = runOp("Squeeze", {iota({1, 3, 1, 2}), int64s({0, -2})});
  expectTensorNear(out[0], iota({3, 2}));
}

TEST(Squeeze, RemovesEverySizeOneDimensionWithoutAxes) {
  expectTensorNear(runOp("Squeeze", {iota({1, 3, 1, 2})})[0], iota({3, 2}));
}

TEST(Squeeze, RejectsAnAxisWhoseSizeIsNotOne) {
  const Error e = caughtError([] { runOp("Squeeze", {iota({1, 3}), int64s({1})}); });
  EXPECT_TRUE(contains(e.message(), "axis 1") && contains(e.message(), "[1, 3]")) << e.message();
}

TEST(Unsqueeze, InsertsAxesCountedInTheOutput) {
  // Output rank 4: axes 0 and −1 (= 3) are new, the input [3, 4] fills 1 and 2.
  expectTensorNear(runOp("Unsqueeze", {iota({3, 4}), int64s({0, -1})})[0], iota({1, 3, 4, 1}));
  // Unsorted axes give the same result as sorted ones.
  expectTensorNear(runOp("Unsqueeze", {iota({3, 4}), int64s({2, 0})})[0], iota({1, 3, 1, 4}));
}

TEST(Unsqueeze, RejectsRepeatedAxes) {
  const Error e = caughtError([] { runOp("Unsqueeze", {iota({3}), int64s({0, 0})}); });
  EXPECT_TRUE(contains(e.message(), "twice")) << e.message();
}

TEST(Identity, CopiesAnyElementType) {
  const Tensor in = Tensor::fromVector<int64_t>({2}, {-5, 7});
  auto out = runOp("Identity", {in});
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{-5, 7}));
  EXPECT_EQ(out[0].dtype(), DataType::Int64);
}

TEST(Dropout, PassesTheInputThroughWithAnAllTrueMask) {
  auto out = runOp("Dropout", {floats({3}, {1, -2, 3}), Tensor::scalar<float>(0.5f)}, {}, 2);
  expectTensorNear(out[0], floats({3}, {1, -2, 3}));
  EXPECT_EQ(out[1].dtype(), DataType::Bool);
  EXPECT_EQ(out[1].toInt64Vector(), (std::vector<int64_t>{1, 1, 1}));
}

TEST(Dropout, MaskHasTheInputTypeBeforeOpset10) {
  auto out = runOp("Dropout", {floats({2}, {4, 5})}, {}, 2, 9);
  expectTensorNear(out[1], floats({2}, {1, 1}));
}

TEST(Dropout, TrainingModeWithZeroRatioIsTheIdentity) {
  auto out = runOp("Dropout", {floats({2}, {4, 5}), Tensor::scalar<float>(0.0f), Tensor::scalar<bool>(true)});
  expectTensorNear(out[0], floats({2}, {4, 5}));
}

TEST(Dropout, RefusesRandomTrainingMode) {
  const Error e = caughtError([] {
    runOp("Dropout", {floats({2}, {4, 5}), Tensor::scalar<float>(0.5f), Tensor::scalar<bool>(true)});
  });
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
}

}  // namespace
}  // namespace quantlens::testing
