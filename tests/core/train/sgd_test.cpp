// SGD with momentum and weight decay, and the cosine schedule, against hand-derived values.
#include "core/train/sgd.h"

#include <gtest/gtest.h>

namespace quantlens {
namespace {

TEST(Sgd, FollowsTorchOptimSgdWithMomentumAndWeightDecay) {
  // lr 0.1, momentum 0.9, weight decay 0.1, p = 1, g = 0.5 on both steps:
  // step 1: d = 0.5 + 0.1·1 = 0.6, buffer = d = 0.6, p = 1 − 0.06 = 0.94
  // step 2: d = 0.5 + 0.1·0.94 = 0.594, buffer = 0.9·0.6 + 0.594 = 1.134, p = 0.94 − 0.1134 = 0.8266
  Sgd sgd({0.1f, 0.9f, 0.1f});
  Tensor p = Tensor::fromVector<float>({1}, {1.0f});
  const Tensor g = Tensor::fromVector<float>({1}, {0.5f});
  sgd.step("p", p, g);
  EXPECT_NEAR(p.data<float>()[0], 0.94f, 1e-6);
  sgd.step("p", p, g);
  EXPECT_NEAR(p.data<float>()[0], 0.8266f, 1e-6);
  // Another parameter starts its own buffer: 1 − 0.1·(0.5 + 0.1) = 0.94 again.
  Tensor q = Tensor::fromVector<float>({1}, {1.0f});
  sgd.step("q", q, g);
  EXPECT_NEAR(q.data<float>()[0], 0.94f, 1e-6);
}

TEST(CosineLearningRate, MatchesTheClosedFormOfCosineAnnealingLR) {
  // 0.1·(1 + cos(π·t/4))/2 for t = 0, 1, 2, 4: 0.1, 0.0853553, 0.05, 0.
  EXPECT_FLOAT_EQ(cosineLearningRate(0.1f, 0, 4), 0.1f);
  EXPECT_NEAR(cosineLearningRate(0.1f, 1, 4), 0.0853553f, 1e-7);
  EXPECT_NEAR(cosineLearningRate(0.1f, 2, 4), 0.05f, 1e-8);
  EXPECT_NEAR(cosineLearningRate(0.1f, 4, 4), 0.0f, 1e-8);
  EXPECT_NEAR(cosineLearningRate(0.1f, 2, 4, 0.02f), 0.06f, 1e-8);
}

}  // namespace
}  // namespace quantlens
