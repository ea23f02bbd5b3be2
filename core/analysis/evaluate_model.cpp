// Model evaluation.
#include "core/analysis/evaluate_model.h"

#include <chrono>

namespace quantlens {

EvaluationResult evaluateModel(const Executor& executor, const Dataset& dataset, std::span<const int64_t> indices,
                               const Preprocessor& preprocessor, const BatchLoopOptions& options,
                               const ExecutionHooks* hooks) {
  if (executor.graph().inputs.size() != 1)
    throw Error("evaluation on images needs a model with one input; this one has " +
                std::to_string(executor.graph().inputs.size()));
  const auto start = std::chrono::steady_clock::now();
  EvaluationResult result;
  result.skipped = forEachBatch(dataset, indices, preprocessor, options, [&](Batch& batch) {
    std::vector<Tensor> outputs = executor.run({std::move(batch.input)}, hooks);
    result.score.add(outputs.at(0), batch.labels);
  });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace quantlens
