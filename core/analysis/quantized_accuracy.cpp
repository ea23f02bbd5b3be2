// FP32 vs fake-quant evaluation.
#include "core/analysis/quantized_accuracy.h"

#include "core/runtime/fake_quant_model.h"

namespace quantlens {

EvaluationResult evaluateFakeQuant(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                                   const Dataset& dataset, std::span<const int64_t> indices,
                                   const Preprocessor& preprocessor, const BatchLoopOptions& options) {
  const FakeQuantModel model(graph, plan, state);
  return evaluateModel(model.executor(), dataset, indices, preprocessor, options, &model.hooks());
}

QuantizedAccuracy evaluateQuantized(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                                    const Dataset& dataset, std::span<const int64_t> indices,
                                    const Preprocessor& preprocessor, const BatchLoopOptions& options) {
  const int64_t total = 2 * static_cast<int64_t>(indices.size());
  const auto pass = [&](int64_t offset) {
    BatchLoopOptions passOptions = options;
    if (options.progress)
      passOptions.progress = [&options, offset, total](int64_t done, int64_t) { options.progress(offset + done, total); };
    return passOptions;
  };
  QuantizedAccuracy accuracy;
  accuracy.fp32 = evaluateModel(Executor(graph), dataset, indices, preprocessor, pass(0));
  BatchLoopOptions quiet = pass(static_cast<int64_t>(indices.size()));
  quiet.onWarning = nullptr;  // the FP32 pass already warned about every skipped sample
  accuracy.quantized = evaluateFakeQuant(graph, plan, state, dataset, indices, preprocessor, quiet);
  accuracy.agreement = agreement(accuracy.fp32.score.predictions(), accuracy.quantized.score.predictions());
  return accuracy;
}

std::vector<Tensor> loadInputBatches(const Dataset& dataset, std::span<const int64_t> indices,
                                     const Preprocessor& preprocessor, const BatchLoopOptions& options) {
  std::vector<Tensor> batches;
  forEachBatch(dataset, indices, preprocessor, options, [&](Batch& batch) { batches.push_back(std::move(batch.input)); });
  return batches;
}

}  // namespace quantlens
