// The QAT epochs: sample order per epoch, learning-rate and observer schedules.
#include "core/train/qat_trainer.h"

#include <cmath>
#include <memory>
#include <vector>

#include "core/data/sample_order.h"
#include "core/train/sgd.h"

namespace quantlens {

void trainQat(QatModel& model, Optimizer& optimizer, const Dataset& dataset, std::span<const int64_t> indices,
            const Preprocessor& preprocessor, const QatRunOptions& options,
            const std::function<void(int64_t, const EpochStats&)>& onEpoch) {
  const int64_t count = static_cast<int64_t>(indices.size());
  const int64_t stepsPerEpoch = (count + options.batchSize - 1) / options.batchSize;
  const int64_t totalSteps = stepsPerEpoch * options.epochs;
  const auto freezeStep = static_cast<int64_t>(std::llround(options.freezeObserversAfter * static_cast<double>(totalSteps)));
  const float baseRate = optimizer.learningRate();

  TrainLoopOptions loop;
  loop.batchSize = options.batchSize;
  loop.progress = options.progress;
  loop.cancel = options.cancel;
  loop.onBatch = options.onBatch;
  loop.teacher = options.teacher;
  loop.distillation = options.distillation;
  loop.extraParameters = model.quantizerParameters();
  auto augmenter = std::make_shared<Augmenter>(options.augmentation);
  if (options.augmentation.enabled()) loop.augment = [augmenter](Tensor& batch) { augmenter->apply(batch); };
  loop.beforeStep = [&](int64_t step) {
    if (model.observersEnabled() && step >= freezeStep) model.setObserversEnabled(false);
  };
  switch (options.schedule) {
    case LearningRateSchedule::Constant: break;
    case LearningRateSchedule::Cosine:
      loop.learningRate = [=](int64_t step) { return cosineLearningRate(baseRate, step, totalSteps); };
      break;
    case LearningRateSchedule::OneCycle:
      loop.learningRate = [=](int64_t step) { return oneCycleLearningRate(baseRate, step, totalSteps); };
      break;
  }

  model.setObserversEnabled(freezeStep > 0);
  int64_t step = 0;
  std::vector<int64_t> order(indices.begin(), indices.end());
  for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
    if (options.shuffleSeed) {
      const std::vector<int64_t> permutation = sampleOrder(count, count, *options.shuffleSeed + static_cast<uint64_t>(epoch));
      for (int64_t i = 0; i < count; ++i) order[static_cast<size_t>(i)] = indices[static_cast<size_t>(permutation[static_cast<size_t>(i)])];
    }
    const EpochStats stats = trainEpoch(model.training(), dataset, order, preprocessor, optimizer, step, loop);
    if (onEpoch) onEpoch(epoch, stats);
  }
  model.setObserversEnabled(false);
}

EpochStats evaluateQat(QatModel& model, const Dataset& dataset, std::span<const int64_t> indices,
                       const Preprocessor& preprocessor, int64_t batchSize, const CancellationToken* cancel) {
  const bool observing = model.observersEnabled();
  model.setObserversEnabled(false);
  try {
    EpochStats stats = evaluateLoss(model.training(), dataset, indices, preprocessor, batchSize, cancel);
    model.setObserversEnabled(observing);
    return stats;
  } catch (...) {
    model.setObserversEnabled(observing);
    throw;
  }
}

}  // namespace quantlens
