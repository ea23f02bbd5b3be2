// Adam and the one-cycle schedule against hand-derived values (checked with torch.optim 1.13).
#include "core/train/adam.h"

#include <gtest/gtest.h>

#include "core/train/sgd.h"

namespace quantlens {
namespace {

TEST(Adam, FollowsTorchOptimAdamOverTwoSteps) {
  // lr 0.1, β1 0.9, β2 0.999, ε 1e-8, weight decay 0.1, p = 1; gradients 0.5 then −1.
  // step 1: d = 0.5 + 0.1·1 = 0.6, m = 0.06, v = 0.00036; m̂ = 0.06/0.1 = 0.6, v̂ = 0.00036/0.001
  //         = 0.36; p = 1 − 0.1·0.6/(0.6 + ε) = 0.9
  // step 2: d = −1 + 0.1·0.9 = −0.91, m = 0.054 − 0.091 = −0.037, v = 0.00035964 + 0.0008281
  //         = 0.00118774; m̂ = −0.037/0.19 = −0.1947368, v̂ = 0.00118774/0.001999 = 0.5941671,
  //         √v̂ = 0.7708224; p = 0.9 + 0.1·0.1947368/0.7708224 = 0.9252635
  // (torch.optim.Adam gives 0.90000004 and 0.92526352 in float32.)
  Adam adam({0.1f, 0.9f, 0.999f, 1e-8f, 0.1f});
  Tensor p = Tensor::fromVector<float>({1}, {1.0f});
  adam.step("p", p, Tensor::fromVector<float>({1}, {0.5f}));
  EXPECT_NEAR(p.data<float>()[0], 0.9f, 1e-6);
  adam.step("p", p, Tensor::fromVector<float>({1}, {-1.0f}));
  EXPECT_NEAR(p.data<float>()[0], 0.9252635f, 1e-6);
  // Another parameter has its own step count and moments: its first step is step 1 again.
  Tensor q = Tensor::fromVector<float>({1}, {1.0f});
  adam.step("q", q, Tensor::fromVector<float>({1}, {0.5f}));
  EXPECT_NEAR(q.data<float>()[0], 0.9f, 1e-6);
}

TEST(OneCycleLearningRate, MatchesOneCycleLRWithCosineAnnealing) {
  // max 0.1, 10 steps, pct_start 0.3: phase 1 ends at step 0.3·10 − 1 = 2, phase 2 at 9.
  // Start 0.1/25 = 0.004; step 1: 0.1 + (0.004 − 0.1)/2·(1 + cos(π/2)) = 0.052; step 2: 0.1;
  // step 3: 4e-7 + (0.1 − 4e-7)/2·(1 + cos(π/7)) = 0.0950485; step 9: 0.004/1e4 = 4e-7.
  // (torch's OneCycleLR prints 0.004, 0.052, 0.1, 0.0950485, …, 4e-07.)
  EXPECT_NEAR(oneCycleLearningRate(0.1f, 0, 10), 0.004f, 1e-8);
  EXPECT_NEAR(oneCycleLearningRate(0.1f, 1, 10), 0.052f, 1e-7);
  EXPECT_NEAR(oneCycleLearningRate(0.1f, 2, 10), 0.1f, 1e-7);
  EXPECT_NEAR(oneCycleLearningRate(0.1f, 3, 10), 0.0950485f, 1e-7);
  EXPECT_NEAR(oneCycleLearningRate(0.1f, 9, 10), 4e-7f, 1e-10);
}

}  // namespace
}  // namespace quantlens
