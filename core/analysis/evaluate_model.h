// Runs a model over a dataset and scores its predictions: FP32, fake-quant or int8 alike.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/analysis/classification_score.h"
#include "core/data/batch_loop.h"
#include "core/runtime/executor.h"

namespace quantlens {

struct EvaluationResult {
  ClassificationScore score;  // over the first graph output
  int64_t skipped = 0;        // samples that could not be decoded
  double seconds = 0.0;
};

// `hooks` turns the FP32 executor into a fake-quant one (or observes it).
EvaluationResult evaluateModel(const Executor& executor, const Dataset& dataset, std::span<const int64_t> indices,
                               const Preprocessor& preprocessor, const BatchLoopOptions& options,
                               const ExecutionHooks* hooks = nullptr);

}  // namespace quantlens
