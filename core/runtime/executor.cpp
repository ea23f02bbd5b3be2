// Graph execution: slots for values, kernels from the registry, tensors freed after last use.
#include "core/runtime/executor.h"

#include <unordered_map>

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

  std::unordered_map<std::string, int> slotOf;
  auto slot = [&](const std::string& name) {
    auto [it, inserted] = slotOf.emplace(name, static_cast<int>(slotOf.size()));
    if (inserted) m_constantSlots.push_back(graph.initializer(name));
    return it->second;
  };
  for (const ValueInfo& in : graph.inputs) m_inputSlots.push_back(slot(in.name));

  std::vector<int> lastReader;  // by slot: index of the last step reading it
  for (const Node& node : graph.nodes) {
    Step step;
    step.kernel = registry.find(node.domain, node.opType);
    for (const std::string& in : node.inputs) {
      if (in.empty()) {
        step.inputSlots.push_back(-1);
        continue;
      }
      if (!slotOf.count(in) && !graph.isInitializer(in))
        throw Error(node.label() + ": input '" + in + "' is not produced before it is read");
      step.inputSlots.push_back(slot(in));
    }
    for (const std::string& out : node.outputs) step.outputSlots.push_back(out.empty() ? -1 : slot(out));
    lastReader.resize(slotOf.size(), -1);
    for (int s : step.inputSlots)
      if (s >= 0) lastReader[static_cast<size_t>(s)] = static_cast<int>(m_steps.size());
    m_steps.push_back(std::move(step));
  }
  for (const ValueInfo& out : graph.outputs) {
    if (!slotOf.count(out.name) && !graph.isInitializer(out.name))
      throw Error("graph output '" + out.name + "' is produced by no node");
    m_outputSlots.push_back(slot(out.name));
  }
  m_slotCount = slotOf.size();
  lastReader.resize(m_slotCount, -1);
  for (int s : m_outputSlots) lastReader[static_cast<size_t>(s)] = -1;  // outputs are kept
  for (size_t s = 0; s < m_slotCount; ++s)
    if (lastReader[s] >= 0 && !m_constantSlots[s])
      m_steps[static_cast<size_t>(lastReader[s])].freeAfter.push_back(static_cast<int>(s));
}

std::vector<Tensor> Executor::run(std::vector<Tensor> inputs, const ExecutionHooks* hooks) const {
  if (inputs.size() != m_inputSlots.size())
    throw Error("the model has " + std::to_string(m_inputSlots.size()) + " input(s) but " +
                std::to_string(inputs.size()) + " were given");
  for (size_t i = 0; i < inputs.size(); ++i) checkInput(m_graph.inputs[i], inputs[i]);
  std::vector<Tensor> owned(m_slotCount);
  std::vector<const Tensor*> values(m_constantSlots);
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto s = static_cast<size_t>(m_inputSlots[i]);
    owned[s] = std::move(inputs[i]);
    if (hooks && hooks->onGraphInput) hooks->onGraphInput(m_graph.inputs[i].name, owned[s]);
    values[s] = &owned[s];
  }

  std::vector<const Tensor*> stepInputs;
  std::vector<Tensor> stepOutputs;
  for (size_t i = 0; i < m_steps.size(); ++i) {
    const Step& step = m_steps[i];
    const Node& node = m_graph.nodes[i];
    stepInputs.clear();
    for (int s : step.inputSlots) stepInputs.push_back(s >= 0 ? values[static_cast<size_t>(s)] : nullptr);
    stepOutputs.assign(step.outputSlots.size(), Tensor());

    OpContext context(node, m_graph.opset, stepInputs, stepOutputs);
    try {
      step.kernel(context);
    } catch (Error& e) {
      if (e.message().find(node.name) == std::string::npos) e.addContext("in " + node.label());
      throw;
    }
    if (hooks && hooks->afterNode) hooks->afterNode(node, stepOutputs);

    for (size_t o = 0; o < step.outputSlots.size(); ++o) {
      const int s = step.outputSlots[o];
      if (s < 0) continue;
      if (stepOutputs[o].empty() && context.wantsOutput(o))
        throw Error(node.label() + ": produced no value for output '" + node.outputs[o] + "'",
                    ErrorKind::Internal);
      owned[static_cast<size_t>(s)] = std::move(stepOutputs[o]);
      values[static_cast<size_t>(s)] = &owned[static_cast<size_t>(s)];
    }
    for (int s : step.freeAfter) {
      owned[static_cast<size_t>(s)] = Tensor();
      values[static_cast<size_t>(s)] = nullptr;
    }
  }

  std::vector<Tensor> outputs;
  for (int s : m_outputSlots) {
    const auto slotIndex = static_cast<size_t>(s);
    outputs.push_back(m_constantSlots[slotIndex] ? *m_constantSlots[slotIndex] : owned[slotIndex]);
  }
  return outputs;
}

}  // namespace quantlens
