// Calibration: one FP32 pass over the calibration set, keeping statistics for every observed tensor
// (DESIGN.md, decision 1). Memory is bounded by the statistics; activations are never stored.
#pragma once

#include <map>
#include <span>
#include <string>

#include "core/data/batch_loop.h"
#include "core/quant/quant_plan.h"
#include "core/quant/tensor_statistics.h"
#include "core/runtime/executor.h"

namespace quantlens {

struct CalibrationResult {
  std::map<std::string, TensorStatistics> statistics;  // by tensor name, one per plan.observedTensors()
  int64_t samples = 0;  // samples that went through the model
  int64_t skipped = 0;  // samples that could not be decoded (warned through options.onWarning)
  double seconds = 0.0;
  size_t memoryBytes() const;
};

// Where the statistics are computed. Overlapped: on one background thread while the model runs
// on (copies of the tensors, at most kCalibrationQueueBytes waiting); the result is identical.
enum class CalibrationThreading { Overlapped, SingleThread };
inline constexpr size_t kCalibrationQueueBytes = size_t{64} << 20;

// Runs `executor` (over the prepared graph the plan was made for) on the samples `indices` of
// `dataset` in batches; options carry progress, cancellation (cancelledError()) and warnings.
// Throws Error when no sample could be used.
CalibrationResult calibrate(const Executor& executor, const QuantPlan& plan, const Dataset& dataset,
                            std::span<const int64_t> indices, const Preprocessor& preprocessor,
                            const BatchLoopOptions& options,
                            CalibrationThreading threading = CalibrationThreading::Overlapped);

}  // namespace quantlens
