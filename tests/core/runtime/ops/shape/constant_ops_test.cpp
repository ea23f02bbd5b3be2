// Constant, ConstantOfShape and Range.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

TEST(Constant, OutputsItsValueTensor) {
  auto out = runOp("Constant", {}, attributes({{"value", floats({2}, {1.5f, -2})}}));
  expectTensorNear(out[0], floats({2}, {1.5f, -2}));
}

TEST(Constant, ReadsTheListAndScalarAttributes) {
  EXPECT_EQ(runOp("Constant", {}, attributes({{"value_ints", std::vector<int64_t>{3, 4}}}))[0].toInt64Vector(),
            (std::vector<int64_t>{3, 4}));
  auto out = runOp("Constant", {}, attributes({{"value_float", 2.5f}}));
  EXPECT_EQ(out[0].shape(), (Shape{}));
  EXPECT_FLOAT_EQ(out[0].toFloatVector()[0], 2.5f);
}

TEST(Constant, RefusesStringValues) {
  const Error e = caughtError([] { runOp("Constant", {}, attributes({{"value_string", std::string("hi")}})); });
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
}

TEST(ConstantOfShape, FillsTheShapeWithTheValueAttribute) {
  auto out = runOp("ConstantOfShape", {int64s({2, 3})},
                   attributes({{"value", Tensor::fromVector<int32_t>({1}, {7})}}));
  EXPECT_EQ(out[0].dtype(), DataType::Int32);
  EXPECT_EQ(out[0].shape(), (Shape{2, 3}));
  EXPECT_EQ(out[0].toInt64Vector(), std::vector<int64_t>(6, 7));
}

TEST(ConstantOfShape, DefaultsToFloatZeroAndEmptyShapeGivesAScalar) {
  auto out = runOp("ConstantOfShape", {int64s({})});
  EXPECT_EQ(out[0].dtype(), DataType::Float32);
  EXPECT_EQ(out[0].shape(), (Shape{}));
  EXPECT_EQ(out[0].toFloatVector(), (std::vector<float>{0}));
}

TEST(ConstantOfShape, RejectsNegativeDimensions) {
  const Error e = caughtError([] { runOp("ConstantOfShape", {int64s({2, -1})}); });
  EXPECT_TRUE(contains(e.message(), "[2, -1]")) << e.message();
}

TEST(Range, CountsTheCeilingOfSpanOverDelta) {
  // ceil((1 − 0) / 0.3) = ceil(3.33) = 4 elements: 0, 0.3, 0.6, 0.9.
  auto out = runOp("Range", {Tensor::scalar<float>(0), Tensor::scalar<float>(1), Tensor::scalar<float>(0.3f)});
  expectTensorNear(out[0], floats({4}, {0, 0.3f, 0.6f, 0.9f}));
}

TEST(Range, WalksDownWithANegativeDelta) {
  // ceil((4 − 10) / −3) = 2 elements: 10, 7.
  auto out = runOp("Range", {Tensor::scalar<int32_t>(10), Tensor::scalar<int32_t>(4), Tensor::scalar<int32_t>(-3)});
  EXPECT_EQ(out[0].dtype(), DataType::Int32);
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{10, 7}));
}

TEST(Range, IsEmptyWhenLimitIsBehindStart) {
  auto out = runOp("Range", {Tensor::scalar<int64_t>(5), Tensor::scalar<int64_t>(1), Tensor::scalar<int64_t>(1)});
  EXPECT_EQ(out[0].shape(), (Shape{0}));
}

TEST(Range, RejectsZeroDeltaAndMixedTypes) {
  EXPECT_TRUE(contains(caughtError([] {
                         runOp("Range", {Tensor::scalar<int64_t>(0), Tensor::scalar<int64_t>(3), Tensor::scalar<int64_t>(0)});
                       }).message(),
                       "delta must not be 0"));
  EXPECT_TRUE(contains(caughtError([] {
                         runOp("Range", {Tensor::scalar<int64_t>(0), Tensor::scalar<float>(3), Tensor::scalar<int64_t>(1)});
                       }).message(),
                       "one type"));
}

}  // namespace
}  // namespace quantlens::testing
