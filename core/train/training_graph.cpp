// Training forward (runtime kernels, every value kept) and reverse-mode backward (grad registry).
#include "core/train/training_graph.h"

#include <algorithm>
#include <cassert>

#include "core/error.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"
#include "core/runtime/op_context.h"

namespace quantlens {
namespace {

// (operator, inputs that are trainable weights when they are float initializers)
bool isParameterSlot(const Node& node, size_t input) {
  if (node.opType == "Conv" || node.opType == "Gemm") return input == 1 || input == 2;
  if (node.opType == "MatMul") return input == 1;
  return false;
}

void addUnsupported(std::vector<UnsupportedOperator>& list, const Node& node) {
  auto it = std::find_if(list.begin(), list.end(), [&](const UnsupportedOperator& op) {
    return op.opType == node.opType && op.domain == node.domain;
  });
  if (it == list.end()) {
    list.push_back({node.opType, node.domain, {}});
    it = list.end() - 1;
  }
  it->nodeNames.push_back(node.name);
}

void accumulate(std::map<std::string, Tensor>& grads, const std::string& name, Tensor grad) {
  auto it = grads.find(name);
  if (it == grads.end()) {
    grads.emplace(name, std::move(grad));
    return;
  }
  assert(it->second.shape() == grad.shape() && "gradients of one value share its shape");
  float* sum = it->second.data<float>();
  const float* add = grad.data<float>();
  for (int64_t i = 0; i < grad.numel(); ++i) sum[i] += add[i];
}

}  // namespace

void prepareForTraining(Graph& graph) { prepareForAnalysis(graph, 1); }

TrainingGraph::TrainingGraph(Graph graph, const OpRegistry& ops, const GradRegistry& grads)
    : m_graph(std::move(graph)), m_ops(ops), m_grads(grads) {
  std::set<std::string> seen;
  for (const Node& node : m_graph.nodes)
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const std::string& name = node.inputs[i];
      const Tensor* weight = m_graph.initializer(name);
      if (weight && weight->dtype() == DataType::Float32 && isParameterSlot(node, i) && seen.insert(name).second)
        m_parameters.push_back(name);
    }
  computeRequiresGrad();
  resolveKernels();
}

void TrainingGraph::computeRequiresGrad() {
  m_requiresGrad = std::set<std::string>(m_parameters.begin(), m_parameters.end());
  if (m_inputsRequireGrad)
    for (const ValueInfo& in : m_graph.inputs) m_requiresGrad.insert(in.name);
  for (const Node& node : m_graph.nodes) {
    const bool any = std::any_of(node.inputs.begin(), node.inputs.end(),
                                 [&](const std::string& in) { return m_requiresGrad.count(in) != 0; });
    if (any)
      for (const std::string& out : node.outputs)
        if (!out.empty()) m_requiresGrad.insert(out);
  }
}

void TrainingGraph::resolveKernels() {
  if (auto missing = Executor::unsupportedOperators(m_graph, m_ops); !missing.empty())
    throw UnsupportedOperatorsError(std::move(missing));
  std::vector<UnsupportedOperator> noBackward;
  m_forwardKernels.clear();
  m_backwardKernels.clear();
  for (const Node& node : m_graph.nodes) {
    m_forwardKernels.push_back(m_ops.find(node.domain, node.opType));
    const bool flows = !node.outputs.empty() && m_requiresGrad.count(node.outputs[0]) != 0;
    BackwardKernel kernel = flows ? m_grads.find(node.domain, node.opType) : nullptr;
    if (flows && !kernel) addUnsupported(noBackward, node);
    m_backwardKernels.push_back(kernel);
  }
  if (!noBackward.empty()) {
    UnsupportedOperatorsError error(std::move(noBackward));
    error.addContext("these operators have no backward for training");
    throw error;
  }
}

Tensor& TrainingGraph::parameter(const std::string& name) {
  auto it = m_graph.initializers.find(name);
  if (it == m_graph.initializers.end() ||
      std::find(m_parameters.begin(), m_parameters.end(), name) == m_parameters.end())
    throw Error("'" + name + "' is not a trainable parameter of graph '" + m_graph.name + "'");
  return it->second;
}

void TrainingGraph::setInputsRequireGrad(bool enabled) {
  m_inputsRequireGrad = enabled;
  computeRequiresGrad();
  resolveKernels();
}

void TrainingGraph::setQuantizer(const std::string& value, ValueQuantizer* quantizer) {
  if (quantizer)
    m_quantizers[value] = quantizer;
  else
    m_quantizers.erase(value);
}

const Tensor& TrainingGraph::value(const std::string& name) const {
  auto it = m_values.find(name);
  if (it != m_values.end()) return it->second;
  if (const Tensor* weight = m_graph.initializer(name)) return *weight;
  throw Error("value '" + name + "' of graph '" + m_graph.name + "' was not computed by the forward pass",
              ErrorKind::Internal);
}

std::vector<Tensor> TrainingGraph::forward(std::vector<Tensor> inputs) {
  if (inputs.size() != m_graph.inputs.size())
    throw Error("graph '" + m_graph.name + "' has " + std::to_string(m_graph.inputs.size()) + " inputs but " +
                std::to_string(inputs.size()) + " were given");
  m_values.clear();
  auto store = [&](const std::string& name, Tensor tensor) {
    auto q = m_quantizers.find(name);
    m_values[name] = q == m_quantizers.end() ? std::move(tensor) : q->second->forward(tensor);
  };
  for (size_t i = 0; i < inputs.size(); ++i) store(m_graph.inputs[i].name, std::move(inputs[i]));
  // Quantized weights are computed once per forward and read by every consumer.
  for (const auto& [name, quantizer] : m_quantizers)
    if (const Tensor* weight = m_graph.initializer(name)) m_values[name] = quantizer->forward(*weight);

  std::vector<const Tensor*> in;
  for (size_t n = 0; n < m_graph.nodes.size(); ++n) {
    const Node& node = m_graph.nodes[n];
    in.clear();
    for (const std::string& name : node.inputs) in.push_back(name.empty() ? nullptr : &value(name));
    std::vector<Tensor> out(node.outputs.size());
    OpContext context(node, m_graph.opset, in, out);
    m_forwardKernels[n](context);
    for (size_t i = 0; i < out.size(); ++i)
      if (!node.outputs[i].empty()) store(node.outputs[i], std::move(out[i]));
  }
  std::vector<Tensor> outputs;
  for (const ValueInfo& out : m_graph.outputs) outputs.push_back(value(out.name));
  return outputs;
}

void TrainingGraph::backward(const std::vector<Tensor>& outputGrads) {
  if (outputGrads.size() != m_graph.outputs.size())
    throw Error("graph '" + m_graph.name + "' has " + std::to_string(m_graph.outputs.size()) +
                " outputs but " + std::to_string(outputGrads.size()) + " output gradients were given");
  std::map<std::string, Tensor> grads;
  for (size_t i = 0; i < outputGrads.size(); ++i) {
    if (outputGrads[i].empty()) continue;
    if (outputGrads[i].shape() != value(m_graph.outputs[i].name).shape())
      throw Error("gradient of output '" + m_graph.outputs[i].name + "' has shape " +
                  shapeToString(outputGrads[i].shape()) + " but the output has shape " +
                  shapeToString(value(m_graph.outputs[i].name).shape()));
    accumulate(grads, m_graph.outputs[i].name, outputGrads[i]);
  }
  // Through a value's quantizer, once its gradient is complete.
  auto throughQuantizer = [&](const std::string& name) {
    auto q = m_quantizers.find(name);
    auto g = grads.find(name);
    if (q != m_quantizers.end() && g != grads.end()) g->second = q->second->backward(g->second);
  };

  std::vector<const Tensor*> in, out;
  for (size_t n = m_graph.nodes.size(); n-- > 0;) {
    if (!m_backwardKernels[n]) continue;
    const Node& node = m_graph.nodes[n];
    // Reverse topological order: every reader of this node's output has already added to its
    // gradient.
    throughQuantizer(node.outputs[0]);
    auto g = grads.find(node.outputs[0]);
    if (g == grads.end()) continue;
    in.clear();
    out.clear();
    for (const std::string& name : node.inputs) in.push_back(name.empty() ? nullptr : &value(name));
    for (const std::string& name : node.outputs) out.push_back(name.empty() ? nullptr : &value(name));
    std::vector<Tensor> inputGrads(node.inputs.size());
    std::unique_ptr<bool[]> wants(new bool[node.inputs.size()]);
    for (size_t i = 0; i < node.inputs.size(); ++i)
      wants[i] = !node.inputs[i].empty() && m_requiresGrad.count(node.inputs[i]) != 0;
    BackwardContext context(node, m_graph.opset, in, out, g->second, inputGrads,
                            std::span<const bool>(wants.get(), node.inputs.size()));
    try {
      m_backwardKernels[n](context);
    } catch (Error& error) {
      error.addContext("while training graph '" + m_graph.name + "'");
      throw;
    }
    grads.erase(g);  // no longer needed: frees activations' gradients as we go
    for (size_t i = 0; i < node.inputs.size(); ++i)
      if (wants[i] && !inputGrads[i].empty()) accumulate(grads, node.inputs[i], std::move(inputGrads[i]));
  }

  m_gradients.clear();
  for (const std::string& name : m_parameters) {
    throughQuantizer(name);
    auto g = grads.find(name);
    m_gradients[name] = g != grads.end() ? std::move(g->second)
                                         : Tensor::zeros(DataType::Float32, value(name).shape());
  }
  if (m_inputsRequireGrad)
    for (const ValueInfo& input : m_graph.inputs) {
      throughQuantizer(input.name);
      auto g = grads.find(input.name);
      m_gradients[input.name] = g != grads.end() ? std::move(g->second)
                                                 : Tensor::zeros(DataType::Float32, value(input.name).shape());
    }
}

const Tensor& TrainingGraph::gradient(const std::string& name) const {
  auto it = m_gradients.find(name);
  if (it == m_gradients.end())
    throw Error("no gradient of '" + name + "': it is not a parameter (or input requiring gradients) of graph '" +
                m_graph.name + "', or backward() has not run");
  return it->second;
}

}  // namespace quantlens
