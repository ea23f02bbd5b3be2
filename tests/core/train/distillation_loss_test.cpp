// The distillation loss: a hand-derived value and its gradient against finite differences.
#include "core/train/distillation_loss.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/error.h"

namespace quantlens {
namespace {

TEST(DistillationLoss, EqualsHandDerivedValueOnTwoClasses) {
  // One sample, student logits (0, 0), teacher (ln 3, 0), label 0, α = 0.5, T = 1:
  // p_teacher = (3/4, 1/4), p_student = (1/2, 1/2);
  // KL = 3/4·ln(3/2) + 1/4·ln(1/2) = 0.3040988 − 0.1732868 = 0.1308120; CE = ln 2 = 0.6931472;
  // loss = 0.5·0.1308120 + 0.5·0.6931472 = 0.4119796.
  // dL/ds0 = 0.5·(1/2 − 3/4) + 0.5·(1/2 − 1) = −0.375; dL/ds1 = 0.5·(1/2 − 1/4) + 0.5·(1/2) = 0.375.
  const Tensor student = Tensor::fromVector<float>({1, 2}, {0.0f, 0.0f});
  const Tensor teacher = Tensor::fromVector<float>({1, 2}, {std::log(3.0f), 0.0f});
  const std::vector<int64_t> labels = {0};
  const CrossEntropyResult r = distillationLoss(student, teacher, labels, {0.5f, 1.0f});
  EXPECT_NEAR(r.loss, 0.4119796, 1e-6);
  EXPECT_NEAR(r.logitsGrad.data<float>()[0], -0.375f, 1e-6);
  EXPECT_NEAR(r.logitsGrad.data<float>()[1], 0.375f, 1e-6);
}

TEST(DistillationLoss, GradientMatchesFiniteDifferences) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  Tensor student(DataType::Float32, {3, 5});
  Tensor teacher(DataType::Float32, {3, 5});
  for (float& v : student.values<float>()) v = normal(rng);
  for (float& v : teacher.values<float>()) v = normal(rng);
  const std::vector<int64_t> labels = {4, 0, 2};
  for (const DistillationOptions options : {DistillationOptions{0.7f, 4.0f}, DistillationOptions{0.3f, 2.0f}}) {
    const CrossEntropyResult r = distillationLoss(student, teacher, labels, options);
    const double h = 1e-2;
    for (int64_t i = 0; i < student.numel(); ++i) {
      Tensor plus = student, minus = student;
      plus.data<float>()[i] += static_cast<float>(h);
      minus.data<float>()[i] -= static_cast<float>(h);
      const double numeric = (distillationLoss(plus, teacher, labels, options).loss -
                              distillationLoss(minus, teacher, labels, options).loss) / (2.0 * h);
      EXPECT_NEAR(r.logitsGrad.data<float>()[i], numeric, 2e-4 + 1e-3 * std::abs(numeric))
          << "element " << i << ", alpha " << options.alpha << ", T " << options.temperature;
    }
  }
}

TEST(DistillationLoss, RejectsAlphaOutsideZeroToOne) {
  const Tensor logits = Tensor::fromVector<float>({1, 2}, {0.0f, 1.0f});
  const std::vector<int64_t> labels = {0};
  EXPECT_THROW(distillationLoss(logits, logits, labels, {1.5f, 2.0f}), Error);
}

}  // namespace
}  // namespace quantlens
