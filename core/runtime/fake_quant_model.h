// The fake-quant executor: the prepared graph with dequantized weights (and int32-rounded biases),
// run with quantize→dequantize applied to every planned activation as it is produced.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/runtime/executor.h"

namespace quantlens {

// Which parts of a QuantState a FakeQuantModel applies: all, or only some layers (isolated
// per-layer analysis quantizes one layer's weight and its input and output activations, together
// with the tensors sharing their qparams, e.g. a MaxPool or Flatten after the layer). Layers kept
// float by an override contribute nothing.
struct FakeQuantSelection {
  bool all = true;
  std::set<std::string> layers;  // when !all: the layers whose weight and activations are applied
  static FakeQuantSelection everything() { return {}; }
  static FakeQuantSelection onlyLayer(const std::string& layer) { return {false, {layer}}; }
};

class FakeQuantModel {
public:
  FakeQuantModel(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                 FakeQuantSelection selection = FakeQuantSelection::everything());

  // Like Executor::run. `observer`, when given, sees every node's outputs after fake quantization
  // (analysis compares them with FP32).
  std::vector<Tensor> run(std::vector<Tensor> inputs, const ExecutionHooks* observer = nullptr) const;
  // The hooks that apply activation fake quantization, for callers that run the executor
  // themselves (evaluateModel).
  const ExecutionHooks& hooks() const { return m_hooks; }
  const Executor& executor() const { return *m_executor; }

  // The activations this model fake-quantizes (by tensor name).
  const std::map<std::string, QParams>& activationQParams() const { return *m_activationQParams; }

private:
  // On the heap so that the executor's reference to the graph and the hooks' pointer to the
  // qparams stay valid when the model is moved.
  std::unique_ptr<Graph> m_graph;  // the prepared graph with dequantized weights
  std::shared_ptr<const std::map<std::string, QParams>> m_activationQParams;  // shared with m_hooks
  std::unique_ptr<Executor> m_executor;
  ExecutionHooks m_hooks;
};

}  // namespace quantlens
