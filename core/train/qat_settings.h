// What a user chooses for a QAT run (the CLI's `qat` options, the window's QAT tab) and how it
// becomes an optimizer and the trainer's run options: one translation for both front ends.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/train/augmentation.h"
#include "core/train/distillation_loss.h"
#include "core/train/optimizer.h"
#include "core/train/qat_trainer.h"

namespace quantlens {

enum class OptimizerKind { Sgd, Adam };

struct QatSettings {
  int64_t epochs = 1;
  OptimizerKind optimizer = OptimizerKind::Sgd;
  double learningRate = 0.0;  // 0: the optimizer's default (defaultLearningRate)
  LearningRateSchedule schedule = LearningRateSchedule::Cosine;
  std::optional<DistillationOptions> distill;  // teacher = the FP32 model
  double freezeObserversAfter = 0.5;           // fraction of all optimizer steps
  uint64_t seed = 0;                           // sample order per epoch and augmentation
  bool learnable = false;                      // LSQ scales and zero points
  bool flip = false;
  int64_t cropPadding = 0;
};

// SGD (momentum 0.9) 1e-3, Adam 1e-4: fine-tuning rates for a model that is already trained.
double defaultLearningRate(OptimizerKind kind);
double effectiveLearningRate(const QatSettings& settings);
std::unique_ptr<Optimizer> makeOptimizer(const QatSettings& settings);
// Everything of QatRunOptions the settings decide (epochs, batch size, schedules, shuffling,
// augmentation, distillation weights); the caller adds the teacher, progress and cancellation.
QatRunOptions qatRunOptions(const QatSettings& settings, int64_t batchSize);

// Names as the CLI spells them ("sgd", "adam"; "cosine", "one-cycle", "constant"); the parsers
// return nullopt for anything else.
std::string optimizerName(OptimizerKind kind);
std::string scheduleName(LearningRateSchedule schedule);
std::optional<OptimizerKind> parseOptimizer(const std::string& name);
std::optional<LearningRateSchedule> parseSchedule(const std::string& name);

}  // namespace quantlens
