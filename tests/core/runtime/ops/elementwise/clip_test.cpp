// Clip with its optional bound inputs.
#include <cmath>
#include <cstdint>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

const Tensor kX = Tensor::fromVector<float>({4}, {-2, 0.5f, 3, NAN});

TEST(Clip, ClampsToBothBounds) {
  expectTensorNear(runSingle("Clip", {kX, Tensor::scalar(0.0f), Tensor::scalar(1.0f)}),
                   Tensor::fromVector<float>({4}, {0, 0.5f, 1, NAN}));
}

TEST(Clip, LeavesTheLowerSideOpenWhenMinIsAbsent) {
  // An empty Tensor marks an absent optional input (node input "").
  expectTensorNear(runSingle("Clip", {kX, Tensor(), Tensor::scalar(1.0f)}),
                   Tensor::fromVector<float>({4}, {-2, 0.5f, 1, NAN}));
}

TEST(Clip, LeavesTheUpperSideOpenWhenMaxIsAbsent) {
  expectTensorNear(runSingle("Clip", {kX, Tensor::scalar(0.0f)}),
                   Tensor::fromVector<float>({4}, {0, 0.5f, 3, NAN}));
}

TEST(Clip, CopiesTheInputWhenBothBoundsAreAbsent) {
  expectTensorNear(runSingle("Clip", {kX}), kX);
}

TEST(Clip, GivesMaxEverywhereWhenMinExceedsMax) {
  // ONNX: "When 'min' is greater than 'max', the clip operator sets all the 'input' values to
  // the value of 'max'" (NaN is not a value and stays).
  expectTensorNear(runSingle("Clip", {kX, Tensor::scalar(2.0f), Tensor::scalar(1.0f)}),
                   Tensor::fromVector<float>({4}, {1, 1, 1, NAN}));
}

TEST(Clip, ClampsIntegersWithOneElementBounds) {
  // Exporters often give the bounds shape [1] instead of []: still a single value.
  const Tensor out = runSingle("Clip", {Tensor::fromVector<int8_t>({3}, {-128, 5, 127}),
                                        Tensor::fromVector<int8_t>({1}, {-10}), Tensor()});
  EXPECT_EQ(out.dtype(), DataType::Int8);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{-10, 5, 127}));
}

TEST(Clip, ReadsTheBoundAttributesOfOpsetsBeforeEleven) {
  // Clip-6 form, as a graph that skipped normalizeOpsets() presents it.
  expectTensorNear(runSingle("Clip", {kX}, attributes({{"min", -1.0f}, {"max", 1.0f}}), 6),
                   Tensor::fromVector<float>({4}, {-1, 0.5f, 1, NAN}));
}

TEST(Clip, RejectsANonScalarBound) {
  const Error e = errorFrom("Clip", {kX, Tensor::fromVector<float>({2}, {0, 1})});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  EXPECT_TRUE(mentions(e, "[2]")) << e.what();
}

TEST(Clip, RejectsABoundOfAnotherType) {
  EXPECT_EQ(errorFrom("Clip", {kX, Tensor::scalar(0.0)}).kind(), ErrorKind::InvalidInput);
}

}  // namespace
}  // namespace quantlens::testing
