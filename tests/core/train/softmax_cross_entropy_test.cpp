// Softmax cross-entropy: hand-derived values and a finite-difference check of its gradient.
#include "core/train/softmax_cross_entropy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.h"

namespace quantlens {
namespace {

TEST(SoftmaxCrossEntropy, MatchesHandDerivedValues) {
  // Row 0: logits (0, 0), label 0 → p = (1/2, 1/2), loss ln 2, grad (p − onehot)/2 = (−1/4, 1/4).
  // Row 1: logits (ln 3, 0), label 1 → p = (3/4, 1/4), loss ln 4, grad (3/8, −3/8).
  const Tensor logits = Tensor::fromVector<float>({2, 2}, {0.0f, 0.0f, std::log(3.0f), 0.0f});
  const std::vector<int64_t> labels{0, 1};
  const CrossEntropyResult r = softmaxCrossEntropy(logits, labels);
  EXPECT_NEAR(r.loss, (std::log(2.0) + std::log(4.0)) / 2.0, 1e-7);
  const float expected[] = {-0.25f, 0.25f, 0.375f, -0.375f};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(r.logitsGrad.data<float>()[i], expected[i], 1e-7) << i;
  EXPECT_EQ(r.correct, 1);  // row 0 ties → first maximum, class 0 = label; row 1 picks class 0 ≠ 1
}

TEST(SoftmaxCrossEntropy, GradientMatchesFiniteDifferences) {
  std::mt19937 rng(5);
  std::normal_distribution<float> dist(0.0f, 3.0f);
  Tensor logits(DataType::Float32, {4, 7});
  for (float& v : logits.values<float>()) v = dist(rng);
  const std::vector<int64_t> labels{0, 6, 3, 3};
  const Tensor grad = softmaxCrossEntropy(logits, labels).logitsGrad;
  for (int64_t i = 0; i < logits.numel(); ++i) {
    float& v = logits.data<float>()[i];
    const float original = v;
    v = original + 1e-2f;
    const double plus = softmaxCrossEntropy(logits, labels).loss;
    v = original - 1e-2f;
    const double minus = softmaxCrossEntropy(logits, labels).loss;
    v = original;
    EXPECT_NEAR(grad.data<float>()[i], (plus - minus) / 2e-2, 1e-4) << i;
  }
}

TEST(SoftmaxCrossEntropy, NamesTheSampleWithAnOutOfRangeLabel) {
  const Tensor logits = Tensor::zeros(DataType::Float32, {2, 3});
  const std::vector<int64_t> labels{1, 3};
  try {
    softmaxCrossEntropy(logits, labels);
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("sample 1 of the batch has label 3"), std::string::npos) << error.message();
  }
}

}  // namespace
}  // namespace quantlens
