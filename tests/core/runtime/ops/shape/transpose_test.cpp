// Transpose.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

TEST(Transpose, DefaultPermReversesTheAxes) {
  // [[1, 2, 3], [4, 5, 6]]ᵀ
  auto out = runOp("Transpose", {floats({2, 3}, {1, 2, 3, 4, 5, 6})});
  expectTensorNear(out[0], floats({3, 2}, {1, 4, 2, 5, 3, 6}));
}

TEST(Transpose, FollowsPermOnThreeAxes) {
  // Input [2, 2, 3] holding its flat index; perm [1, 2, 0] gives out[j][k][i] = in[i][j][k]
  // = 6i + 3j + k, written out by hand below.
  std::vector<float> in(12);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i);
  auto out = runOp("Transpose", {floats({2, 2, 3}, in)}, attributes({{"perm", std::vector<int64_t>{1, 2, 0}}}));
  expectTensorNear(out[0], floats({2, 3, 2}, {0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11}));
}

TEST(Transpose, MovesBytesOfAnyType) {
  auto out = runOp("Transpose", {Tensor::fromVector<bool>({2, 2}, {true, false, false, false})});
  EXPECT_EQ(out[0].dtype(), DataType::Bool);
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{1, 0, 0, 0}));
  auto wide = runOp("Transpose", {Tensor::fromVector<int64_t>({1, 2}, {int64_t{1} << 40, -3})});
  EXPECT_EQ(wide[0].toInt64Vector(), (std::vector<int64_t>{int64_t{1} << 40, -3}));
}

TEST(Transpose, RejectsAPermThatIsNotAPermutation) {
  const Error e = caughtError([] {
    runOp("Transpose", {floats({2, 3}, {1, 2, 3, 4, 5, 6})}, attributes({{"perm", std::vector<int64_t>{0, 0}}}));
  });
  EXPECT_TRUE(contains(e.message(), "[0, 0]") && contains(e.message(), "[2, 3]")) << e.message();
}

}  // namespace
}  // namespace quantlens::testing
