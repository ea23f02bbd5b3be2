// Elu, Selu, Celu, Softplus and Softsign.
#include <cmath>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

// e^-1 - 1
constexpr float kExpm1MinusOne = -0.63212056f;

TEST(Elu, CurvesNegativesTowardMinusAlpha) {
  // alpha 1: -1 -> e^-1 - 1; positives pass
  expectTensorNear(runSingle("Elu", {Tensor::fromVector<float>({2}, {-1, 2})}),
                   Tensor::fromVector<float>({2}, {kExpm1MinusOne, 2}));
  expectTensorNear(runSingle("Elu", {Tensor::scalar(-1.0f)}, attributes({{"alpha", 2.0f}})),
                   Tensor::scalar(2 * kExpm1MinusOne));
}

TEST(Selu, ScalesEluByGamma) {
  // gamma * alpha * (e^-1 - 1) = 1.0507010 * 1.6732632 * -0.6321206 = -1.1113307; 2 * gamma = 2.1014020
  expectTensorNear(runSingle("Selu", {Tensor::fromVector<float>({2}, {-1, 2})}),
                   Tensor::fromVector<float>({2}, {-1.1113307f, 2.1014020f}));
}

TEST(Celu, DividesTheInputByAlphaInsideTheExponential) {
  // alpha 2: -2 -> 2 * (e^-1 - 1); 3 -> 3
  expectTensorNear(runSingle("Celu", {Tensor::fromVector<float>({2}, {-2, 3})}, attributes({{"alpha", 2.0f}})),
                   Tensor::fromVector<float>({2}, {2 * kExpm1MinusOne, 3}));
}

TEST(Softplus, StaysFiniteAtBothEnds) {
  // ln 2 at 0, ln(1 + e) = 1.3132617 at 1; 1000 stays 1000 (e^1000 would overflow); -1000 -> 0
  expectTensorNear(runSingle("Softplus", {Tensor::fromVector<float>({4}, {0, 1, 1000, -1000})}),
                   Tensor::fromVector<float>({4}, {0.69314718f, 1.3132617f, 1000, 0}));
}

TEST(Softsign, DividesByOnePlusTheMagnitude) {
  // 1 / 2 = 0.5, -3 / 4 = -0.75
  expectTensorNear(runSingle("Softsign", {Tensor::fromVector<float>({2}, {1, -3})}),
                   Tensor::fromVector<float>({2}, {0.5f, -0.75f}));
}

}  // namespace
}  // namespace quantlens::testing
