// Int8 executor evaluation.
#include "core/analysis/int8_accuracy.h"

#include <chrono>

namespace quantlens {

EvaluationResult evaluateInt8Model(const Int8Model& model, const Dataset& dataset, std::span<const int64_t> indices,
                                   const Preprocessor& preprocessor, const BatchLoopOptions& options) {
  if (model.graph().inputs.size() != 1)
    throw Error("evaluation on images needs a model with one input; this one has " +
                std::to_string(model.graph().inputs.size()));
  const auto start = std::chrono::steady_clock::now();
  EvaluationResult result;
  result.skipped = forEachBatch(dataset, indices, preprocessor, options, [&](Batch& batch) {
    const std::vector<Tensor> outputs = model.run({std::move(batch.input)});
    result.score.add(outputs.at(0), batch.labels);
  });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace quantlens
