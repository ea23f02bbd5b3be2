// Accuracy of the FP32 and the fake-quantized model on one evaluation set, and how often they agree.
#pragma once

#include <span>

#include "core/analysis/evaluate_model.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

struct QuantizedAccuracy {
  EvaluationResult fp32;
  EvaluationResult quantized;
  double agreement = 0.0;  // fraction of samples where both predict the same class
};

// The fake-quant model of `state` over the samples (one pass).
EvaluationResult evaluateFakeQuant(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                                   const Dataset& dataset, std::span<const int64_t> indices,
                                   const Preprocessor& preprocessor, const BatchLoopOptions& options);

// Two passes over the samples (FP32, then fake-quant); progress counts both passes.
QuantizedAccuracy evaluateQuantized(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                                    const Dataset& dataset, std::span<const int64_t> indices,
                                    const Preprocessor& preprocessor, const BatchLoopOptions& options);

// The preprocessed input batches of `indices` (skipped samples left out), for analyses that run
// several models over the same small sample.
std::vector<Tensor> loadInputBatches(const Dataset& dataset, std::span<const int64_t> indices,
                                     const Preprocessor& preprocessor, const BatchLoopOptions& options);

}  // namespace quantlens
