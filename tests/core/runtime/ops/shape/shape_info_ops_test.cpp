// Shape and Size.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

TEST(Shape, ReturnsEveryDimensionAsInt64) {
  auto out = runOp("Shape", {Tensor(DataType::UInt8, {2, 3, 4})});
  EXPECT_EQ(out[0].dtype(), DataType::Int64);
  EXPECT_EQ(out[0].shape(), (Shape{3}));
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{2, 3, 4}));
}

TEST(Shape, StartAndEndSelectARange) {
  // Dimensions [1, −1) of [2, 3, 4, 5] = positions 1 and 2.
  auto out = runOp("Shape", {Tensor(DataType::Float32, {2, 3, 4, 5})},
                   attributes({{"start", int64_t{1}}, {"end", int64_t{-1}}}));
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{3, 4}));
}

TEST(Shape, ClampsStartAndEndToTheRank) {
  auto out = runOp("Shape", {Tensor(DataType::Float32, {2, 3})},
                   attributes({{"start", int64_t{-10}}, {"end", int64_t{10}}}));
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{2, 3}));
  // start past end: nothing.
  out = runOp("Shape", {Tensor(DataType::Float32, {2, 3})}, attributes({{"start", int64_t{2}}, {"end", int64_t{1}}}));
  EXPECT_EQ(out[0].shape(), (Shape{0}));
}

TEST(Size, CountsTheElementsAsAnInt64Scalar) {
  auto out = runOp("Size", {Tensor(DataType::Float32, {2, 3, 4})});
  EXPECT_EQ(out[0].shape(), (Shape{}));
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{24}));
}

}  // namespace
}  // namespace quantlens::testing
