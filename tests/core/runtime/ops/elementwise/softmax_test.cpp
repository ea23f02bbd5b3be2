// Softmax, LogSoftmax and Hardmax: the single-axis semantics of opset 13 and the 2-D coercion of older
// opsets, and stability for large inputs.
#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

// [2,2,2]: batch 0 is [[0,1],[2,3]], batch 1 is all zeros.
const Tensor kX = Tensor::fromVector<float>({2, 2, 2}, {0, 1, 2, 3, 0, 0, 0, 0});

// softmax(0, 2) = (1, e^2) / (1 + e^2) = (0.11920292, 0.88079708); softmax(0, 1) the same.
constexpr float kLow = 0.11920292f, kHigh = 0.88079708f;
// softmax(0, 1, 2, 3) = e^i / 31.1928748
constexpr float kRow4[4] = {0.03205860f, 0.08714432f, 0.23688282f, 0.64391426f};

TEST(Softmax, NormalizesTheLastAxisByDefault) {
  // Pairs (0,1) and (2,3) each give (0.26894142, 0.73105858); zeros give 0.5.
  expectTensorNear(runSingle("Softmax", {kX}),
                   Tensor::fromVector<float>({2, 2, 2}, {0.26894142f, 0.73105858f, 0.26894142f,
                                                         0.73105858f, 0.5f, 0.5f, 0.5f, 0.5f}));
}

TEST(Softmax, NormalizesOnlyTheGivenAxis) {
  // axis 1 pairs x[b,0,j] with x[b,1,j]: (0,2) and (1,3) in batch 0.
  const Tensor expected =
      Tensor::fromVector<float>({2, 2, 2}, {kLow, kLow, kHigh, kHigh, 0.5f, 0.5f, 0.5f, 0.5f});
  expectTensorNear(runSingle("Softmax", {kX}, attributes({{"axis", int64_t{1}}})), expected);
  expectTensorNear(runSingle("Softmax", {kX}, attributes({{"axis", int64_t{-2}}})), expected);
}

TEST(Softmax, CoercesToTwoDimensionsForOldOpsets) {
  // quantlens.coerce_2d with the old default axis 1: rows of prod(dims[1:]) = 4 elements.
  const Tensor out = runSingle("Softmax", {kX}, attributes({{"quantlens.coerce_2d", int64_t{1}}}));
  expectTensorNear(out, Tensor::fromVector<float>({2, 2, 2}, {kRow4[0], kRow4[1], kRow4[2], kRow4[3],
                                                              0.25f, 0.25f, 0.25f, 0.25f}));
}

TEST(Softmax, CoercesAroundAnExplicitOldAxis) {
  // axis 0 with coercion: the whole tensor is one row; e^0..e^3 plus four e^0 sum to 35.1928748.
  const Tensor out = runSingle(
      "Softmax", {kX}, attributes({{"quantlens.coerce_2d", int64_t{1}}, {"axis", int64_t{0}}}));
  const float one = 1.0f / 35.1928748f;
  expectTensorNear(out, Tensor::fromVector<float>({2, 2, 2}, {one, 2.7182818f * one, 7.3890561f * one,
                                                              20.0855369f * one, one, one, one, one}));
}

TEST(Softmax, FollowsTheOpsetWhenTheNormalizerDidNotRun) {
  // Opset 11 without quantlens.coerce_2d: still the old semantics, axis 1 by default.
  const Tensor out = runSingle("Softmax", {kX}, {}, 11);
  expectTensorNear(out, Tensor::fromVector<float>({2, 2, 2}, {kRow4[0], kRow4[1], kRow4[2], kRow4[3],
                                                              0.25f, 0.25f, 0.25f, 0.25f}));
  // An explicit quantlens.coerce_2d = 0 wins over the opset.
  const Tensor single = runSingle("Softmax", {kX},
                                  attributes({{"quantlens.coerce_2d", int64_t{0}}, {"axis", int64_t{1}}}), 11);
  EXPECT_NEAR(single.data<float>()[0], kLow, 1e-6);
}

TEST(Softmax, StaysFiniteForLargeInputs) {
  // exp(1000) overflows float, but softmax(1000, 1001, 1002) = softmax(0, 1, 2).
  expectTensorNear(runSingle("Softmax", {Tensor::fromVector<float>({3}, {1000, 1001, 1002})}),
                   Tensor::fromVector<float>({3}, {0.09003057f, 0.24472847f, 0.66524096f}));
}

TEST(Softmax, WorksInDoublePrecision) {
  expectTensorNear(runSingle("Softmax", {Tensor::fromVector<double>({2}, {0, 2})}),
                   Tensor::fromVector<double>({2}, {0.11920292202211755, 0.8807970779778824}), 1e-12);
}

TEST(Softmax, RejectsAnAxisBeyondTheRank) {
  const Error e = errorFrom("Softmax", {kX}, attributes({{"axis", int64_t{3}}}));
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  EXPECT_TRUE(mentions(e, "[2, 2, 2]")) << e.what();
}

TEST(Softmax, RefusesIntegerInputs) {
  EXPECT_EQ(errorFrom("Softmax", {Tensor::scalar<int32_t>(1)}).kind(), ErrorKind::Unsupported);
}

TEST(LogSoftmax, IsTheLogOfSoftmaxOverTheGivenAxis) {
  // ln(0.11920292) = -2.12692801, ln(0.88079708) = -0.12692801, ln(0.5) = -0.69314718
  const Tensor out = runSingle("LogSoftmax", {kX}, attributes({{"axis", int64_t{1}}}));
  expectTensorNear(out, Tensor::fromVector<float>({2, 2, 2}, {-2.12692801f, -2.12692801f, -0.12692801f,
                                                              -0.12692801f, -0.69314718f, -0.69314718f,
                                                              -0.69314718f, -0.69314718f}));
}

TEST(LogSoftmax, CoercesToTwoDimensionsForOldOpsets) {
  // ln(softmax(0,1,2,3)) = i - ln(31.1928748) = i - 3.44018970; zeros give ln(0.25) = -1.38629436
  const Tensor out = runSingle("LogSoftmax", {kX}, attributes({{"quantlens.coerce_2d", int64_t{1}}}));
  expectTensorNear(out, Tensor::fromVector<float>({2, 2, 2}, {-3.44018970f, -2.44018970f, -1.44018970f,
                                                              -0.44018970f, -1.38629436f, -1.38629436f,
                                                              -1.38629436f, -1.38629436f}));
}

TEST(LogSoftmax, StaysFiniteForLargeInputs) {
  // (x - max) - ln(1 + e^-1 + e^-2) = (-2, -1, 0) - 0.40760596
  expectTensorNear(runSingle("LogSoftmax", {Tensor::fromVector<float>({3}, {1000, 1001, 1002})}),
                   Tensor::fromVector<float>({3}, {-2.40760596f, -1.40760596f, -0.40760596f}));
}

TEST(Hardmax, MarksTheFirstMaximumOfEachLine) {
  // Rows (1,3,3) and (2,0,-1): the first 3 wins the tie.
  const Tensor x = Tensor::fromVector<float>({2, 3}, {1, 3, 3, 2, 0, -1});
  expectTensorNear(runSingle("Hardmax", {x}), Tensor::fromVector<float>({2, 3}, {0, 1, 0, 1, 0, 0}));
  // Along axis 0 the columns are (1,2), (3,0), (3,-1).
  expectTensorNear(runSingle("Hardmax", {x}, attributes({{"axis", int64_t{0}}})),
                   Tensor::fromVector<float>({2, 3}, {0, 1, 1, 1, 0, 0}));
}

}  // namespace
}  // namespace quantlens::testing
