// Relu, LeakyRelu, PRelu, ThresholdedRelu, Shrink, HardSigmoid and HardSwish.
#include <cmath>
#include <cstdint>
#include <limits>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

TEST(Relu, ZeroesNegativesAndKeepsNan) {
  const Tensor out = runSingle("Relu", {Tensor::fromVector<float>({4}, {-2, 0, 3, NAN})});
  expectTensorNear(out, Tensor::fromVector<float>({4}, {0, 0, 3, NAN}));
}

TEST(Relu, AcceptsSignedIntegers) {
  EXPECT_EQ(runSingle("Relu", {Tensor::fromVector<int8_t>({2}, {-5, 5})}).toInt64Vector(),
            (std::vector<int64_t>{0, 5}));
}

TEST(LeakyRelu, DefaultsAlphaToOneHundredth) {
  // -2 * 0.01 = -0.02
  expectTensorNear(runSingle("LeakyRelu", {Tensor::fromVector<float>({2}, {-2, 3})}),
                   Tensor::fromVector<float>({2}, {-0.02f, 3}));
}

TEST(LeakyRelu, UsesTheAlphaAttribute) {
  expectTensorNear(runSingle("LeakyRelu", {Tensor::fromVector<float>({2}, {-2, 3})},
                             attributes({{"alpha", 0.5f}})),
                   Tensor::fromVector<float>({2}, {-1, 3}));
}

TEST(PRelu, AppliesAPerChannelSlopeBroadcastToTheInput) {
  // X [1,2,2] with slope [2,1] = {0.1, 0.5}: channel 0 negatives times 0.1, channel 1 times 0.5.
  const Tensor x = Tensor::fromVector<float>({1, 2, 2}, {-10, 4, -10, 4});
  const Tensor slope = Tensor::fromVector<float>({2, 1}, {0.1f, 0.5f});
  expectTensorNear(runSingle("PRelu", {x, slope}),
                   Tensor::fromVector<float>({1, 2, 2}, {-1, 4, -5, 4}));
}

TEST(PRelu, TakesOneSlopePerElementWhenShapesMatch) {
  expectTensorNear(runSingle("PRelu", {Tensor::fromVector<float>({3}, {-1, -2, 3}),
                                       Tensor::fromVector<float>({3}, {1, 2, 3})}),
                   Tensor::fromVector<float>({3}, {-1, -4, 3}));
}

TEST(PRelu, RejectsASlopeThatWouldEnlargeTheOutput) {
  // Unidirectional: [3] with slope [2,3] would broadcast to [2,3], not to X's shape.
  const Error e = errorFrom("PRelu", {Tensor(DataType::Float32, {3}), Tensor(DataType::Float32, {2, 3})});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  EXPECT_TRUE(mentions(e, "[2, 3]") && mentions(e, "[3]")) << e.what();
}

TEST(PRelu, TakesA1DSlopePerChannelBeforeOpsetSeven) {
  // PRelu-6 had no broadcasting: slope [2] on X [1,2,3] is one slope per channel (axis 1).
  const Tensor x = Tensor::fromVector<float>({1, 2, 3}, {-1, -2, 3, -1, -2, 3});
  const Tensor slope = Tensor::fromVector<float>({2}, {0.5f, 2});
  expectTensorNear(runSingle("PRelu", {x, slope}, {}, 6),
                   Tensor::fromVector<float>({1, 2, 3}, {-0.5f, -1, 3, -2, -4, 3}));
}

TEST(ThresholdedRelu, KeepsOnlyValuesAboveAlpha) {
  // alpha defaults to 1 and the comparison is strict: 1 itself becomes 0.
  expectTensorNear(runSingle("ThresholdedRelu", {Tensor::fromVector<float>({3}, {0.5f, 1, 2})}),
                   Tensor::fromVector<float>({3}, {0, 0, 2}));
}

TEST(Shrink, ZeroesTheBandAndShiftsTheRest) {
  // lambd 0.5, bias 0.1: -1 -> -0.9, -0.5 and 0.2 are inside [-0.5, 0.5] -> 0, 0.7 -> 0.6
  expectTensorNear(runSingle("Shrink", {Tensor::fromVector<float>({4}, {-1, -0.5f, 0.2f, 0.7f})},
                             attributes({{"bias", 0.1f}})),
                   Tensor::fromVector<float>({4}, {-0.9f, 0, 0, 0.6f}));
}

TEST(HardSigmoid, ClampsTheDefaultLine) {
  // 0.2x + 0.5: x=-5 -> -0.5 -> 0; x=0 -> 0.5; x=1 -> 0.7; x=5 -> 1.5 -> 1
  expectTensorNear(runSingle("HardSigmoid", {Tensor::fromVector<float>({4}, {-5, 0, 1, 5})}),
                   Tensor::fromVector<float>({4}, {0, 0.5f, 0.7f, 1}));
}

TEST(HardSigmoid, UsesAlphaAndBeta) {
  // 0.5x + 0.25: x=1 -> 0.75
  expectTensorNear(runSingle("HardSigmoid", {Tensor::scalar(1.0f)},
                             attributes({{"alpha", 0.5f}, {"beta", 0.25f}})),
                   Tensor::scalar(0.75f));
}

TEST(HardSwish, MultipliesByTheHardSigmoidOfSixth) {
  // x * clamp(x/6 + 0.5, 0, 1): -4 -> 0, -3 -> 0, 0 -> 0, 1 -> 1*(2/3), 3 -> 3, 5 -> 5
  expectTensorNear(runSingle("HardSwish", {Tensor::fromVector<float>({6}, {-4, -3, 0, 1, 3, 5})}),
                   Tensor::fromVector<float>({6}, {0, 0, 0, 2.0f / 3.0f, 3, 5}));
}

TEST(HardSwish, IsQuadraticInsideTheRamp) {
  // x = -1.5: -1.5 * (-0.25 + 0.5) = -0.375
  expectTensorNear(runSingle("HardSwish", {Tensor::scalar(-1.5)}), Tensor::scalar(-0.375));
}

}  // namespace
}  // namespace quantlens::testing
