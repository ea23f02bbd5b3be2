// The training loop on forEachBatch: forward, loss, backward, optimizer step.
#include "core/train/train_loop.h"

#include "core/data/batch_loop.h"
#include "core/error.h"
#include "core/train/distillation_loss.h"
#include "core/train/softmax_cross_entropy.h"

namespace quantlens {
namespace {

void requireLabels(const Dataset& dataset) {
  if (!dataset.hasLabels())
    throw Error("training needs a labeled dataset but " + dataset.describe() + " has no labels");
}

// Accumulates sample-weighted loss and correct counts over batches.
struct Totals {
  double lossSum = 0.0;
  int64_t correct = 0;
  int64_t samples = 0;
  EpochStats stats() const {
    EpochStats s;
    s.samples = samples;
    if (samples > 0) {
      s.meanLoss = lossSum / static_cast<double>(samples);
      s.accuracy = static_cast<double>(correct) / static_cast<double>(samples);
    }
    return s;
  }
};

}  // namespace

EpochStats trainEpoch(TrainingGraph& graph, const Dataset& dataset, std::span<const int64_t> indices,
                      const Preprocessor& preprocessor, Optimizer& optimizer, int64_t& step,
                      const TrainLoopOptions& options) {
  requireLabels(dataset);
  BatchLoopOptions loop;
  loop.batchSize = options.batchSize;
  loop.progress = options.progress;
  loop.cancel = options.cancel;
  Totals totals;
  forEachBatch(dataset, indices, preprocessor, loop, [&](Batch& batch) {
    if (options.beforeStep) options.beforeStep(step);
    if (options.augment) options.augment(batch.input);
    const Tensor teacherLogits = options.teacher ? options.teacher(batch.input) : Tensor();
    std::vector<Tensor> outputs = graph.forward({std::move(batch.input)});
    const CrossEntropyResult loss =
        options.teacher ? distillationLoss(outputs[0], teacherLogits, batch.labels, options.distillation)
                        : softmaxCrossEntropy(outputs[0], batch.labels);
    std::vector<Tensor> grads(outputs.size());
    grads[0] = loss.logitsGrad;
    graph.backward(grads);
    if (options.learningRate) optimizer.setLearningRate(options.learningRate(step));
    for (const std::string& name : graph.parameterNames())
      optimizer.step(name, graph.parameter(name), graph.gradient(name));
    for (const ParameterRef& extra : options.extraParameters) optimizer.step(extra.name, *extra.value, *extra.gradient);
    if (options.onBatch)
      options.onBatch({step, loss.loss, loss.correct, batch.size(), optimizer.learningRate()});
    ++step;
    totals.lossSum += loss.loss * static_cast<double>(batch.size());
    totals.correct += loss.correct;
    totals.samples += batch.size();
  });
  return totals.stats();
}

EpochStats evaluateLoss(TrainingGraph& graph, const Dataset& dataset, std::span<const int64_t> indices,
                        const Preprocessor& preprocessor, int64_t batchSize, const CancellationToken* cancel) {
  requireLabels(dataset);
  BatchLoopOptions loop;
  loop.batchSize = batchSize;
  loop.cancel = cancel;
  Totals totals;
  forEachBatch(dataset, indices, preprocessor, loop, [&](Batch& batch) {
    const std::vector<Tensor> outputs = graph.forward({std::move(batch.input)});
    const CrossEntropyResult loss = softmaxCrossEntropy(outputs[0], batch.labels);
    totals.lossSum += loss.loss * static_cast<double>(batch.size());
    totals.correct += loss.correct;
    totals.samples += batch.size();
  });
  return totals.stats();
}

}  // namespace quantlens
