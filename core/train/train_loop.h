// One epoch of (quantization-aware) training over a labeled dataset, and the loss evaluation.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "core/data/dataset.h"
#include "core/data/preprocessor.h"
#include "core/progress.h"
#include "core/train/distillation_loss.h"
#include "core/train/optimizer.h"
#include "core/train/training_graph.h"

namespace quantlens {

// One optimizer step as it happened: what live training curves plot.
struct BatchStats {
  int64_t step = 0;          // the optimizer step this batch took (0-based, across epochs)
  double loss = 0.0;         // the batch's loss before its step
  int64_t correct = 0;       // top-1 hits in the batch
  int64_t samples = 0;
  float learningRate = 0.0f;
};

struct TrainLoopOptions {
  int64_t batchSize = 32;
  // The learning rate of optimizer step `step` (counted over the whole run); empty keeps the
  // optimizer's rate.
  std::function<float(int64_t step)> learningRate;
  // Called before each batch with the optimizer step it will take (schedules such as freezing
  // observers hook in here).
  std::function<void(int64_t step)> beforeStep;
  // Distillation: the teacher's logits for an input batch, and the loss mixing them with the
  // labels (distillation_loss.h). Without a teacher the loss is the softmax cross-entropy.
  std::function<Tensor(const Tensor& input)> teacher;
  DistillationOptions distillation;
  // Applied to each preprocessed batch before the forward (and before the teacher sees it).
  std::function<void(Tensor& batchInput)> augment;
  // Stepped after the graph's parameters (learnable quantizer scales and zero points).
  std::vector<ParameterRef> extraParameters;
  ProgressCallback progress;                  // samples done of this epoch
  const CancellationToken* cancel = nullptr;  // checked before every batch
  // After every optimizer step, on the training thread (it may block there: a paused run waits).
  std::function<void(const BatchStats&)> onBatch;
};

struct EpochStats {
  double meanLoss = 0.0;  // mean loss over the samples (softmax cross-entropy, or distillation)
  double accuracy = 0.0;  // top-1, 0..1
  int64_t samples = 0;
};

// Trains on the samples `indices` in the order given (shuffle them per epoch with sampleOrder):
// forward, the loss on the graph's first output, backward, one optimizer step for every
// parameter. `step` counts optimizer steps across epochs and is advanced. The dataset must be
// labeled. The loss is the one of each batch before its step (as PyTorch loops report it).
EpochStats trainEpoch(TrainingGraph& graph, const Dataset& dataset, std::span<const int64_t> indices,
                      const Preprocessor& preprocessor, Optimizer& optimizer, int64_t& step,
                      const TrainLoopOptions& options = {});

// Mean loss and top-1 of the graph as it is (quantizers included) without training. Enabled
// observers keep observing, as in PyTorch; disable them to evaluate frozen qparams. `cancel` is
// checked before every batch.
EpochStats evaluateLoss(TrainingGraph& graph, const Dataset& dataset, std::span<const int64_t> indices,
                        const Preprocessor& preprocessor, int64_t batchSize = 64,
                        const CancellationToken* cancel = nullptr);

}  // namespace quantlens
