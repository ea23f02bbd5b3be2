// Slice, including the clamping rules of the spec.
#include <limits>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

Tensor zeroToNine() { return floats({10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}); }

TEST(Slice, TakesEveryStepthElementOfTheRange) {
  // [1, 8) by 3: 1, 4, 7.
  auto out = runOp("Slice", {zeroToNine(), int64s({1}), int64s({8}), int64s({0}), int64s({3})});
  expectTensorNear(out[0], floats({3}, {1, 4, 7}));
}

TEST(Slice, NegativeStepsWalkBackwards) {
  // From 8 down to (not including) 1 by −3: 8, 5, 2.
  auto out = runOp("Slice", {zeroToNine(), int64s({8}), int64s({1}), int64s({0}), int64s({-3})});
  expectTensorNear(out[0], floats({3}, {8, 5, 2}));
  // start −1 (= 9), end INT64_MIN (clamped to −1, "before index 0"): the whole axis reversed.
  out = runOp("Slice", {zeroToNine(), int64s({-1}), int64s({std::numeric_limits<int64_t>::min()}), int64s({0}),
                        int64s({-1})});
  expectTensorNear(out[0], floats({10}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
}

TEST(Slice, ClampsOutOfRangeStartsAndEnds) {
  // start −100 → 0, end 1000 → 10: everything.
  expectTensorNear(runOp("Slice", {zeroToNine(), int64s({-100}), int64s({1000})})[0], zeroToNine());
  // end INT64_MAX means "to the end" and must not overflow.
  expectTensorNear(runOp("Slice", {zeroToNine(), int64s({7}), int64s({std::numeric_limits<int64_t>::max()})})[0],
                   floats({3}, {7, 8, 9}));
  // start 20 → 10: empty.
  EXPECT_EQ(runOp("Slice", {zeroToNine(), int64s({20}), int64s({30})})[0].shape(), (Shape{0}));
}

TEST(Slice, HugeStepsTakeOnlyTheFirstElement) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  expectTensorNear(runOp("Slice", {zeroToNine(), int64s({2}), int64s({10}), int64s({0}), int64s({kMax})})[0],
                   floats({1}, {2}));
  expectTensorNear(runOp("Slice", {zeroToNine(), int64s({-1}), int64s({kMin}), int64s({0}), int64s({kMin})})[0],
                   floats({1}, {9}));
}

TEST(Slice, IsEmptyWhenStartIsPastEnd) {
  EXPECT_EQ(runOp("Slice", {zeroToNine(), int64s({5}), int64s({2})})[0].shape(), (Shape{0}));
}

TEST(Slice, DefaultAxesAreTheLeadingAxes) {
  // Rows 1 and 2 of a 3×2 matrix.
  auto out = runOp("Slice", {floats({3, 2}, {1, 2, 3, 4, 5, 6}), int64s({1}), int64s({3})});
  expectTensorNear(out[0], floats({2, 2}, {3, 4, 5, 6}));
}

TEST(Slice, NegativeAxesCountFromTheBack) {
  // Columns [1, 3) of a 2×4 matrix.
  auto out = runOp("Slice", {floats({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}), int64s({1}), int64s({3}), int64s({-1})});
  expectTensorNear(out[0], floats({2, 2}, {2, 3, 6, 7}));
}

TEST(Slice, SlicesSeveralAxesAtOnce) {
  // Rows reversed, every second column from 0: [[5, 7], [1, 3]].
  auto out = runOp("Slice", {floats({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}), int64s({-1, 0}), int64s({-3, 4}),
                             int64s({0, 1}), int64s({-1, 2})});
  expectTensorNear(out[0], floats({2, 2}, {5, 7, 1, 3}));
}

TEST(Slice, RejectsAZeroStepAndRepeatedAxes) {
  EXPECT_TRUE(contains(caughtError([] {
                         runOp("Slice", {zeroToNine(), int64s({0}), int64s({3}), int64s({0}), int64s({0})});
                       }).message(),
                       "contain 0"));
  EXPECT_TRUE(contains(caughtError([] {
                         runOp("Slice", {zeroToNine(), int64s({0, 1}), int64s({3, 4}), int64s({0, -1})});
                       }).message(),
                       "twice"));
}

}  // namespace
}  // namespace quantlens::testing
