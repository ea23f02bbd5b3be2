// Per-layer activation error: FP32 layer outputs are captured once, then compared with the
// fully quantized model and with each layer quantized alone.
#include "core/analysis/layer_analysis.h"

#include <map>

#include "core/runtime/fake_quant_model.h"

namespace quantlens {
namespace {

// Calls `visit(tensorName, value)` for every output a run produces that `wanted` names.
ExecutionHooks captureHooks(const std::map<std::string, size_t>& wanted,
                            const std::function<void(size_t, const Tensor&)>& visit) {
  ExecutionHooks hooks;
  hooks.afterNode = [&wanted, visit](const Node& node, std::span<Tensor> outputs) {
    for (size_t i = 0; i < outputs.size() && i < node.outputs.size(); ++i) {
      const auto found = wanted.find(node.outputs[i]);
      if (found != wanted.end()) visit(found->second, outputs[i]);
    }
  };
  return hooks;
}

void throwIfCancelled(const CancellationToken* cancel) {
  if (cancel) cancel->throwIfCancelled();
}

}  // namespace

std::vector<LayerActivationError> analyzeLayerActivations(const Graph& graph, const QuantPlan& plan,
                                                          const QuantState& state, std::span<const Tensor> inputs,
                                                          const CancellationToken* cancel, LayerErrorScope scope) {
  std::vector<LayerActivationError> result;
  std::map<std::string, size_t> slotOfTensor;  // layer output → index into result
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    if (!state.layers.at(i).quantized) continue;
    slotOfTensor[plan.layers[i].output] = result.size();
    result.push_back({plan.layers[i].name, plan.layers[i].output, {}, {}});
  }

  // FP32 outputs of every analysed layer, batch by batch.
  std::vector<std::vector<Tensor>> reference(result.size());
  const Executor fp32(graph);
  const ExecutionHooks capture =
      captureHooks(slotOfTensor, [&](size_t slot, const Tensor& value) { reference[slot].push_back(value); });
  for (const Tensor& input : inputs) {
    throwIfCancelled(cancel);
    fp32.run({input}, &capture);
  }

  // Compares a run's layer outputs of batch `batch` with FP32 into the accumulators.
  const auto compareRun = [&](const FakeQuantModel& model, const std::map<std::string, size_t>& wanted,
                              std::vector<ErrorAccumulator>& errors) {
    for (size_t batch = 0; batch < inputs.size(); ++batch) {
      throwIfCancelled(cancel);
      const ExecutionHooks observe = captureHooks(wanted, [&](size_t slot, const Tensor& value) {
        errors[slot].add(reference[slot][batch].values<float>(), value.values<float>());
      });
      model.run({inputs[batch]}, &observe);
    }
  };

  std::vector<ErrorAccumulator> accumulated(result.size());
  compareRun(FakeQuantModel(graph, plan, state), slotOfTensor, accumulated);
  for (size_t slot = 0; slot < result.size(); ++slot) {
    result[slot].accumulated = accumulated[slot].metrics();
    if (scope == LayerErrorScope::AccumulatedOnly) continue;
    std::vector<ErrorAccumulator> isolated(result.size());
    compareRun(FakeQuantModel(graph, plan, state, FakeQuantSelection::onlyLayer(result[slot].layer)),
               {{result[slot].tensor, slot}}, isolated);
    result[slot].isolated = isolated[slot].metrics();
  }
  return result;
}

}  // namespace quantlens
