// Pad in its four modes, with negative pads and the axes input.
#include <gtest/gtest.h>

#include "tests/core/runtime/ops/shape/shape_test_support.h"

namespace quantlens::testing {
namespace {

Tensor padWithMode(const Tensor& in, std::vector<int64_t> pads, const std::string& mode) {
  return runOp("Pad", {in, int64s(std::move(pads))}, attributes({{"mode", mode}}))[0];
}

TEST(Pad, ConstantModeFillsTheValue) {
  // pads [begin0, begin1, end0, end1] = [0, 1, 1, 0]: one column before, one row after.
  auto out = runOp("Pad", {floats({2, 2}, {1, 2, 3, 4}), int64s({0, 1, 1, 0}), Tensor::scalar<float>(9)});
  expectTensorNear(out[0], floats({3, 3}, {9, 1, 2, 9, 3, 4, 9, 9, 9}));
}

TEST(Pad, ConstantModeDefaultsToZero) {
  expectTensorNear(padWithMode(floats({1}, {5}), {1, 1}, "constant"), floats({3}, {0, 5, 0}));
}

TEST(Pad, ReflectModeMirrorsWithoutRepeatingTheEdge) {
  // [1, 2, 3] mirrored about 1 and about 3: 3 2 | 1 2 3 | 2 1.
  expectTensorNear(padWithMode(floats({3}, {1, 2, 3}), {2, 2}, "reflect"), floats({7}, {3, 2, 1, 2, 3, 2, 1}));
}

TEST(Pad, ReflectModeKeepsReflectingPastTheAxisLength) {
  // Period 2·(2 − 1) = 2 for [1, 2]: ... 1 2 1 | 1 2 | ... → before: positions −3..−1 read 2, 1, 2.
  expectTensorNear(padWithMode(floats({2}, {1, 2}), {3, 0}, "reflect"), floats({5}, {2, 1, 2, 1, 2}));
}

TEST(Pad, EdgeModeRepeatsTheBorder) {
  expectTensorNear(padWithMode(floats({3}, {1, 2, 3}), {2, 1}, "edge"), floats({6}, {1, 1, 1, 2, 3, 3}));
}

TEST(Pad, WrapModeWrapsAround) {
  // One element from the end before, two from the start after.
  expectTensorNear(padWithMode(floats({3}, {1, 2, 3}), {1, 2}, "wrap"), floats({6}, {3, 1, 2, 3, 1, 2}));
}

TEST(Pad, NegativePadsCrop) {
  expectTensorNear(padWithMode(floats({4}, {1, 2, 3, 4}), {-1, 1}, "constant"), floats({4}, {2, 3, 4, 0}));
}

TEST(Pad, EdgeModeOnTwoAxes) {
  // [[1, 2], [3, 4]] with one edge row above and one edge column on the right.
  expectTensorNear(padWithMode(floats({2, 2}, {1, 2, 3, 4}), {1, 0, 0, 1}, "edge"),
                   floats({3, 3}, {1, 2, 2, 1, 2, 2, 3, 4, 4}));
}

TEST(Pad, AxesInputSelectsThePaddedAxes) {
  auto out = runOp("Pad", {floats({2, 2}, {1, 2, 3, 4}), int64s({1, 0}), Tensor(), int64s({-1})});
  expectTensorNear(out[0], floats({2, 3}, {0, 1, 2, 0, 3, 4}));
}

TEST(Pad, ConvertsAConstantValueOfAnotherType) {
  // Models rewritten from opset < 11 carry a float value for integer data.
  auto out = runOp("Pad", {Tensor::fromVector<int32_t>({1}, {7}), int64s({1, 0}), Tensor::scalar<float>(2)});
  EXPECT_EQ(out[0].dtype(), DataType::Int32);
  EXPECT_EQ(out[0].toInt64Vector(), (std::vector<int64_t>{2, 7}));
}

TEST(Pad, RejectsAWrongPadCountAndUnknownModes) {
  EXPECT_TRUE(contains(caughtError([] { padWithMode(floats({2, 2}, {1, 2, 3, 4}), {1, 1}, "constant"); }).message(),
                       "2 × 2"));
  EXPECT_TRUE(contains(caughtError([] { padWithMode(floats({2}, {1, 2}), {1, 1}, "mirror"); }).message(), "'mirror'"));
}

TEST(Pad, RejectsTheOldPadsAttributeUntilNormalized) {
  const Error e = caughtError([] {
    runOp("Pad", {floats({2}, {1, 2})}, attributes({{"pads", std::vector<int64_t>{1, 1}}}), 1, 2);
  });
  EXPECT_TRUE(contains(e.message(), "normalizeOpsets")) << e.message();
}

}  // namespace
}  // namespace quantlens::testing
