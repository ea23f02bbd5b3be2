// Walks a list of samples batch by batch: the loop shared by calibration, evaluation and training.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "core/data/batch.h"
#include "core/progress.h"

namespace quantlens {

struct BatchLoopOptions {
  int64_t batchSize = 32;
  int decodeThreads = 1;
  ProgressCallback progress;                 // samples done (loaded or skipped) of all
  const CancellationToken* cancel = nullptr; // checked before every batch
  std::function<void(const std::string&)> onWarning;  // one call per skipped sample
};

// Calls `visit` for each non-empty batch of `indices`, in order; throws cancelledError() when the
// token is set. Returns the number of samples skipped because they could not be decoded.
int64_t forEachBatch(const Dataset& dataset, std::span<const int64_t> indices, const Preprocessor& preprocessor,
                     const BatchLoopOptions& options, const std::function<void(Batch&)>& visit);

}  // namespace quantlens
