// Tests of QAT settings: the CLI's names round-trip, each optimizer's default rate, and every setting
// reaches the trainer's run options (what both the CLI and the window train with).
#include <gtest/gtest.h>

#include "core/train/adam.h"
#include "core/train/qat_settings.h"
#include "core/train/sgd.h"

using namespace quantlens;

TEST(QatSettings, NamesRoundTripAndUnknownNamesAreRefused) {
  for (const auto kind : {OptimizerKind::Sgd, OptimizerKind::Adam}) EXPECT_EQ(parseOptimizer(optimizerName(kind)), kind);
  for (const auto schedule : {LearningRateSchedule::Cosine, LearningRateSchedule::OneCycle, LearningRateSchedule::Constant})
    EXPECT_EQ(parseSchedule(scheduleName(schedule)), schedule);
  EXPECT_EQ(scheduleName(LearningRateSchedule::OneCycle), "one-cycle");  // CLI.md's spelling
  EXPECT_FALSE(parseOptimizer("rmsprop").has_value());
  EXPECT_FALSE(parseSchedule("step").has_value());
}

TEST(QatSettings, TheOptimizerTakesTheChosenRateOrItsDefault) {
  QatSettings s;
  EXPECT_FLOAT_EQ(makeOptimizer(s)->learningRate(), 1e-3f);
  EXPECT_NE(dynamic_cast<Sgd*>(makeOptimizer(s).get()), nullptr);
  s.optimizer = OptimizerKind::Adam;
  EXPECT_FLOAT_EQ(makeOptimizer(s)->learningRate(), 1e-4f);
  EXPECT_NE(dynamic_cast<Adam*>(makeOptimizer(s).get()), nullptr);
  s.learningRate = 0.02;
  EXPECT_FLOAT_EQ(makeOptimizer(s)->learningRate(), 0.02f);
  EXPECT_DOUBLE_EQ(effectiveLearningRate(s), 0.02);
}

TEST(QatSettings, EverySettingReachesTheRunOptions) {
  QatSettings s;
  s.epochs = 7;
  s.schedule = LearningRateSchedule::OneCycle;
  s.freezeObserversAfter = 0.25;
  s.seed = 42;
  s.flip = true;
  s.cropPadding = 3;
  s.distill = DistillationOptions{0.7f, 2.0f};
  const QatRunOptions run = qatRunOptions(s, 16);
  EXPECT_EQ(run.epochs, 7);
  EXPECT_EQ(run.batchSize, 16);
  EXPECT_EQ(run.schedule, LearningRateSchedule::OneCycle);
  EXPECT_DOUBLE_EQ(run.freezeObserversAfter, 0.25);
  EXPECT_EQ(run.shuffleSeed, 42u);
  EXPECT_TRUE(run.augmentation.horizontalFlip);
  EXPECT_EQ(run.augmentation.cropPadding, 3);
  EXPECT_EQ(run.augmentation.seed, 42u);
  EXPECT_FLOAT_EQ(run.distillation.alpha, 0.7f);
  EXPECT_FLOAT_EQ(run.distillation.temperature, 2.0f);
  EXPECT_FALSE(run.teacher);  // the caller's: the FP32 model
}
