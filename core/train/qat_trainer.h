// The QAT run: epochs of training a QatModel with an observer-freezing schedule, a learning-rate
// schedule and optional distillation, and the evaluation of the model with frozen qparams.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "core/train/augmentation.h"
#include "core/train/optimizer.h"
#include "core/train/qat_model.h"
#include "core/train/train_loop.h"

namespace quantlens {

enum class LearningRateSchedule { Constant, Cosine, OneCycle };

struct QatRunOptions {
  int64_t epochs = 1;
  int64_t batchSize = 32;
  // Observers move the ranges for this fraction of all optimizer steps, then freeze (PyTorch's
  // disable_observer after a few epochs); 0 freezes the PTQ qparams from the start.
  double freezeObserversAfter = 0.5;
  LearningRateSchedule schedule = LearningRateSchedule::Cosine;  // from the optimizer's rate
  // Each epoch visits the samples in sampleOrder(…, seed + epoch) order; nullopt keeps their order.
  std::optional<uint64_t> shuffleSeed = 0;
  // Seeded flip/crop of the training batches (off by default).
  AugmentationOptions augmentation;
  // The teacher's logits (the FP32 model) and the distillation weights; empty = cross-entropy.
  std::function<Tensor(const Tensor& input)> teacher;
  DistillationOptions distillation;
  ProgressCallback progress;                  // samples done of the current epoch
  const CancellationToken* cancel = nullptr;  // checked before every batch
  std::function<void(const BatchStats&)> onBatch;  // after every optimizer step
};

// Trains `model` for options.epochs over the samples `indices`; after each epoch calls
// onEpoch(epoch (0-based), its training statistics). Observers are frozen when the run ends.
void trainQat(QatModel& model, Optimizer& optimizer, const Dataset& dataset, std::span<const int64_t> indices,
            const Preprocessor& preprocessor, const QatRunOptions& options,
            const std::function<void(int64_t epoch, const EpochStats& stats)>& onEpoch = {});

// Loss and top-1 of the model with its current qparams, observers held still (and restored).
EpochStats evaluateQat(QatModel& model, const Dataset& dataset, std::span<const int64_t> indices,
                       const Preprocessor& preprocessor, int64_t batchSize = 64,
                       const CancellationToken* cancel = nullptr);

}  // namespace quantlens
