// Graph execution: slots for values, kernels from the registry, tensors freed after last use.
#include "core/runtime/executor.h"

#include <algorithm>

#include "core/runtime/slot_values.h"

namespace quantlens {

void Executor::requireSupported(const Graph& graph, const OpRegistry& registry) {
  if (auto missing = unsupportedOperators(graph, registry); !missing.empty())
    throw UnsupportedOperatorsError(std::move(missing));
}

std::vector<UnsupportedOperator> Executor::unsupportedOperators(const Graph& graph,
                                                                const OpRegistry& registry) {
  std::vector<UnsupportedOperator> missing;
  for (const Node& node : graph.nodes) {
    if (registry.supports(node.domain, node.opType)) continue;
    auto it = std::find_if(missing.begin(), missing.end(), [&](const UnsupportedOperator& op) {
      return op.opType == node.opType && op.domain == node.domain;
    });
    if (it == missing.end()) {
      missing.push_back({node.opType, node.domain, {}});
      it = missing.end() - 1;
    }
    it->nodeNames.push_back(node.name);
  }
  return missing;
}

void Executor::checkInput(const ValueInfo& declared, const Tensor& value) {
  if (declared.dtype != DataType::Undefined && declared.dtype != value.dtype())
    throw Error("input '" + declared.name + "' must be " +
                (isSupportedOnnxType(static_cast<int32_t>(declared.dtype)) ? std::string(dataTypeName(declared.dtype))
                                                                           : "of an unsupported element type") +
                " but a " + std::string(dataTypeName(value.dtype())) + " tensor was given");
  if (!declared.hasShape) return;
  bool fits = declared.shape.size() == static_cast<size_t>(value.rank());
  for (size_t d = 0; fits && d < declared.shape.size(); ++d)
    fits = !declared.shape[d].isKnown() || declared.shape[d].value == value.dim(static_cast<int64_t>(d));
  if (!fits)
    throw Error("input '" + declared.name + "' has shape " + shapeToString(value.shape()) +
                " but the model declares " + describeShape(declared.shape));
}

Executor::Executor(const Graph& graph, const OpRegistry& registry) : m_graph(graph) {
  requireSupported(graph, registry);

  SlotPlanner planner(graph);
  for (const Node& node : graph.nodes) planner.addStep(node, node.inputs, node.outputs);
  SlotPlan plan = std::move(planner).finish();
  m_steps.reserve(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i)
    m_steps.push_back({registry.find(graph.nodes[i].domain, graph.nodes[i].opType), std::move(plan.steps[i])});
  m_constantSlots = std::move(plan.constants);
  m_inputSlots = std::move(plan.inputSlots);
  m_outputSlots = std::move(plan.outputSlots);
}

std::vector<Tensor> Executor::run(std::vector<Tensor> inputs, const ExecutionHooks* hooks) const {
  if (inputs.size() != m_inputSlots.size())
    throw Error("the model has " + std::to_string(m_inputSlots.size()) + " input(s) but " +
                std::to_string(inputs.size()) + " were given");
  for (size_t i = 0; i < inputs.size(); ++i) checkInput(m_graph.inputs[i], inputs[i]);
  SlotValues tensors(m_constantSlots);
  for (size_t i = 0; i < inputs.size(); ++i) {
    Tensor& input = tensors.store(m_inputSlots[i], std::move(inputs[i]));
    if (hooks && hooks->onGraphInput) hooks->onGraphInput(m_graph.inputs[i].name, input);
  }

  std::vector<const Tensor*> stepInputs;
  std::vector<Tensor> stepOutputs;
  for (size_t i = 0; i < m_steps.size(); ++i) {
    const Step& step = m_steps[i];
    const Node& node = m_graph.nodes[i];
    stepInputs.clear();
    for (int s : step.io.inputs) stepInputs.push_back(s >= 0 ? tensors.value(s) : nullptr);
    stepOutputs.assign(step.io.outputs.size(), Tensor());

    OpContext context(node, m_graph.opset, stepInputs, stepOutputs);
    try {
      step.kernel(context);
    } catch (Error& e) {
      if (e.message().find(node.name) == std::string::npos) e.addContext("in " + node.label());
      throw;
    }
    if (hooks && hooks->afterNode) hooks->afterNode(node, stepOutputs);

    for (size_t o = 0; o < step.io.outputs.size(); ++o) {
      const int s = step.io.outputs[o];
      if (s < 0) continue;
      if (stepOutputs[o].empty() && context.wantsOutput(o))
        throw Error(node.label() + ": produced no value for output '" + node.outputs[o] + "'",
                    ErrorKind::Internal);
      tensors.store(s, std::move(stepOutputs[o]));
    }
    tensors.release(step.io.freeAfter);
  }

  std::vector<Tensor> outputs;
  for (int s : m_outputSlots) {
    const auto slotIndex = static_cast<size_t>(s);
    outputs.push_back(m_constantSlots[slotIndex] ? *m_constantSlots[slotIndex] : tensors.owned(s));
  }
  return outputs;
}

}  // namespace quantlens
