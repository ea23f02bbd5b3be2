// One epoch of (quantization-aware) training over a labeled dataset, and the loss evaluation.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "core/data/dataset.h"
#include "core/data/preprocessor.h"
#include "core/progress.h"
#include "core/train/sgd.h"
#include "core/train/training_graph.h"

namespace quantlens {

struct TrainLoopOptions {
  int64_t batchSize = 32;
  // The learning rate of optimizer step `step` (counted over the whole run); empty keeps the
  // optimizer's rate.
  std::function<float(int64_t step)> learningRate;
  ProgressCallback progress;                  // samples done of this epoch
  const CancellationToken* cancel = nullptr;  // checked before every batch
};

struct EpochStats {
  double meanLoss = 0.0;  // mean softmax cross-entropy over the samples
  double accuracy = 0.0;  // top-1, 0..1
  int64_t samples = 0;
};

// Trains on the samples `indices` in the order given (shuffle them per epoch with sampleOrder):
// forward, softmax cross-entropy on the graph's first output, backward, one SGD step for every
// parameter. `step` counts optimizer steps across epochs and is advanced. The dataset must be
// labeled. The loss is the one of each batch before its step (as PyTorch loops report it).
EpochStats trainEpoch(TrainingGraph& graph, const Dataset& dataset, std::span<const int64_t> indices,
                      const Preprocessor& preprocessor, Sgd& optimizer, int64_t& step,
                      const TrainLoopOptions& options = {});

// Mean loss and top-1 of the graph as it is (quantizers included) without training. Enabled
// observers keep observing, as in PyTorch; disable them to evaluate frozen qparams.
EpochStats evaluateLoss(TrainingGraph& graph, const Dataset& dataset, std::span<const int64_t> indices,
                        const Preprocessor& preprocessor, int64_t batchSize = 64);

}  // namespace quantlens
