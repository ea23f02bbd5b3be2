// Expand and Tile.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

TEST(Expand, BroadcastsInBothDirections) {
  // [3, 1] against [2, 1, 4]: out[i][j][k] = in[j], shape [2, 3, 4].
  auto out = runOp("Expand", {floats({3, 1}, {1, 2, 3}), int64s({2, 1, 4})});
  std::vector<float> expected;
  for (int i = 0; i < 2; ++i)
    for (float v : {1.0f, 2.0f, 3.0f})
      for (int k = 0; k < 4; ++k) expected.push_back(v);
  expectTensorNear(out[0], floats({2, 3, 4}, expected));
}

TEST(Expand, OnesInTheShapeKeepTheLargerInputDimensions) {
  auto out = runOp("Expand", {floats({2, 3}, {1, 2, 3, 4, 5, 6}), int64s({1, 1})});
  expectTensorNear(out[0], floats({2, 3}, {1, 2, 3, 4, 5, 6}));
}

TEST(Expand, RejectsShapesThatDoNotBroadcast) {
  const Error e = caughtError([] { runOp("Expand", {floats({3}, {1, 2, 3}), int64s({2})}); });
  EXPECT_TRUE(contains(e.message(), "[3]") && contains(e.message(), "[2]")) << e.message();
}

TEST(Tile, RepeatsEachAxis) {
  const Tensor in = floats({2, 2}, {1, 2, 3, 4});
  expectTensorNear(runOp("Tile", {in, int64s({1, 2})})[0], floats({2, 4}, {1, 2, 1, 2, 3, 4, 3, 4}));
  expectTensorNear(runOp("Tile", {in, int64s({2, 1})})[0], floats({4, 2}, {1, 2, 3, 4, 1, 2, 3, 4}));
}

TEST(Tile, ZeroRepeatsGiveAnEmptyAxis) {
  EXPECT_EQ(runOp("Tile", {floats({2}, {1, 2}), int64s({0})})[0].shape(), (Shape{0}));
}

TEST(Tile, RejectsOneRepeatCountPerAxisMismatch) {
  const Error e = caughtError([] { runOp("Tile", {floats({2}, {1, 2}), int64s({2, 2})}); });
  EXPECT_TRUE(contains(e.message(), "[2, 2]")) << e.message();
}

}  // namespace
}  // namespace quantlens::testing
