// QAT settings → optimizer and trainer options.
#include "core/train/qat_settings.h"

#include "core/train/adam.h"
#include "core/train/sgd.h"

namespace quantlens {

double defaultLearningRate(OptimizerKind kind) { return kind == OptimizerKind::Adam ? 1e-4 : 1e-3; }

double effectiveLearningRate(const QatSettings& settings) {
  return settings.learningRate > 0.0 ? settings.learningRate : defaultLearningRate(settings.optimizer);
}

std::unique_ptr<Optimizer> makeOptimizer(const QatSettings& settings) {
  const auto rate = static_cast<float>(effectiveLearningRate(settings));
  if (settings.optimizer == OptimizerKind::Adam) {
    AdamOptions options;
    options.learningRate = rate;
    return std::make_unique<Adam>(options);
  }
  return std::make_unique<Sgd>(SgdOptions{rate, 0.9f, 0.0f});
}

QatRunOptions qatRunOptions(const QatSettings& settings, int64_t batchSize) {
  QatRunOptions run;
  run.epochs = settings.epochs;
  run.batchSize = batchSize;
  run.freezeObserversAfter = settings.freezeObserversAfter;
  run.schedule = settings.schedule;
  run.shuffleSeed = settings.seed;
  run.augmentation = {settings.flip, settings.cropPadding, settings.seed};
  if (settings.distill) run.distillation = *settings.distill;
  return run;
}

std::string optimizerName(OptimizerKind kind) { return kind == OptimizerKind::Adam ? "adam" : "sgd"; }

std::string scheduleName(LearningRateSchedule schedule) {
  switch (schedule) {
    case LearningRateSchedule::Constant: return "constant";
    case LearningRateSchedule::OneCycle: return "one-cycle";
    case LearningRateSchedule::Cosine: break;
  }
  return "cosine";
}

std::optional<OptimizerKind> parseOptimizer(const std::string& name) {
  if (name == "sgd") return OptimizerKind::Sgd;
  if (name == "adam") return OptimizerKind::Adam;
  return std::nullopt;
}

std::optional<LearningRateSchedule> parseSchedule(const std::string& name) {
  for (const auto schedule : {LearningRateSchedule::Cosine, LearningRateSchedule::OneCycle, LearningRateSchedule::Constant})
    if (name == scheduleName(schedule)) return schedule;
  return std::nullopt;
}

}  // namespace quantlens
