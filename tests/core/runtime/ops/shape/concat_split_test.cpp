// Concat and Split.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

TEST(Concat, JoinsInputsAlongTheAxis) {
  // [[1], [2]] next to [[3, 4], [5, 6]] → [[1, 3, 4], [2, 5, 6]].
  auto out = runOp("Concat", {floats({2, 1}, {1, 2}), floats({2, 2}, {3, 4, 5, 6})}, attributes({{"axis", int64_t{1}}}));
  expectTensorNear(out[0], floats({2, 3}, {1, 3, 4, 2, 5, 6}));
}

TEST(Concat, NegativeAxisAndEmptyInputs) {
  // Axis −2 of rank 2 is axis 0; the [0, 2] input adds nothing.
  auto out = runOp("Concat", {floats({1, 2}, {1, 2}), Tensor(DataType::Float32, {0, 2}), floats({1, 2}, {3, 4})},
                   attributes({{"axis", int64_t{-2}}}));
  expectTensorNear(out[0], floats({2, 2}, {1, 2, 3, 4}));
}

TEST(Concat, RejectsInputsThatDifferOutsideTheAxis) {
  const Error e = caughtError([] {
    runOp("Concat", {floats({2, 1}, {1, 2}), floats({3, 1}, {3, 4, 5})}, attributes({{"axis", int64_t{1}}}));
  });
  EXPECT_TRUE(contains(e.message(), "[3, 1]") && contains(e.message(), "[2, 1]")) << e.message();
}

TEST(Concat, RequiresTheAxisAttribute) {
  EXPECT_TRUE(contains(caughtError([] { runOp("Concat", {floats({1}, {1})}); }).message(), "'axis' is required"));
}

TEST(Split, UsesTheSizesInput) {
  auto out = runOp("Split", {floats({6}, {1, 2, 3, 4, 5, 6}), int64s({1, 2, 3})}, {}, 3);
  expectTensorNear(out[0], floats({1}, {1}));
  expectTensorNear(out[1], floats({2}, {2, 3}));
  expectTensorNear(out[2], floats({3}, {4, 5, 6}));
}

TEST(Split, MakesEqualPartsWithoutSizes) {
  // Axis 1 of [[1, 2, 3, 4], [5, 6, 7, 8]] into two [2, 2] halves.
  auto out = runOp("Split", {floats({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})}, attributes({{"axis", int64_t{1}}}), 2);
  expectTensorNear(out[0], floats({2, 2}, {1, 2, 5, 6}));
  expectTensorNear(out[1], floats({2, 2}, {3, 4, 7, 8}));
}

TEST(Split, NumOutputsMakesTheLastChunkSmaller) {
  // ceil(5 / 3) = 2 per chunk: 2, 2 and the remaining 1.
  auto out = runOp("Split", {floats({5}, {1, 2, 3, 4, 5})}, attributes({{"num_outputs", int64_t{3}}}), 3);
  expectTensorNear(out[0], floats({2}, {1, 2}));
  expectTensorNear(out[1], floats({2}, {3, 4}));
  expectTensorNear(out[2], floats({1}, {5}));
}

TEST(Split, RejectsSizesThatDoNotAddUpAndUnevenEqualParts) {
  EXPECT_TRUE(contains(caughtError([] { runOp("Split", {floats({3}, {1, 2, 3}), int64s({1, 1})}, {}, 2); }).message(),
                       "does not add up to 3"));
  EXPECT_TRUE(contains(caughtError([] { runOp("Split", {floats({3}, {1, 2, 3})}, {}, 2); }).message(),
                       "2 equal parts"));
}

}  // namespace
}  // namespace quantlens::testing
