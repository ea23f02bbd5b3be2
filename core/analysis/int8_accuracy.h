// Accuracy of the int8 executor on an evaluation set (the `int8` block of `quantize --json`).
#pragma once

#include <span>

#include "core/analysis/evaluate_model.h"
#include "core/runtime/int8/int8_model.h"

namespace quantlens {

// Runs `model` over the samples batch by batch and scores its first output, as evaluateModel does
// for the float executors.
EvaluationResult evaluateInt8Model(const Int8Model& model, const Dataset& dataset, std::span<const int64_t> indices,
                                   const Preprocessor& preprocessor, const BatchLoopOptions& options);

}  // namespace quantlens
