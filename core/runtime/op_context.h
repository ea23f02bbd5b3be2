// What an operator kernel sees: its node, its input tensors and the outputs it must fill.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/graph/node.h"
#include "core/tensor/tensor.h"

namespace quantlens {

class OpContext {
public:
  OpContext(const Node& node, int64_t opset, std::span<const Tensor* const> inputs,
            std::span<Tensor> outputs)
      : m_node(node), m_opset(opset), m_inputs(inputs), m_outputs(outputs) {}

  const Node& node() const { return m_node; }
  const Attributes& attributes() const { return m_node.attributes; }
  // Opset of the default domain the model was written against (after normalization the kernels
  // see the newest form of each operator, so few kernels need it).
  int64_t opset() const { return m_opset; }

  size_t inputCount() const { return m_inputs.size(); }
  bool hasInput(size_t index) const { return index < m_inputs.size() && m_inputs[index]; }
  // The input tensor; an Error naming the node when a required input is absent.
  const Tensor& input(size_t index) const;
  // The input when present, else nullptr.
  const Tensor* optionalInput(size_t index) const { return hasInput(index) ? m_inputs[index] : nullptr; }

  size_t outputCount() const { return m_outputs.size(); }
  // Whether the model reads this output at all (optional outputs may be skipped).
  bool wantsOutput(size_t index) const {
    return index < m_node.outputs.size() && !m_node.outputs[index].empty();
  }
  Tensor& output(size_t index) { return m_outputs[index]; }
  void setOutput(size_t index, Tensor tensor) { m_outputs[index] = std::move(tensor); }

  // An invalid-input Error prefixed with the node: "Conv node 'conv1': <message>".
  Error error(const std::string& message) const { return Error(m_node.label() + ": " + message); }
  // An Error for a valid but unimplemented case: "Resize node 'r': mode 'cubic' is not supported".
  Error unsupported(const std::string& message) const {
    return unsupportedError(m_node.label() + ": " + message);
  }

private:
  const Node& m_node;
  int64_t m_opset;
  std::span<const Tensor* const> m_inputs;
  std::span<Tensor> m_outputs;
};

inline const Tensor& OpContext::input(size_t index) const {
  if (!hasInput(index))
    throw error("input " + std::to_string(index) + " is required but absent");
  return *m_inputs[index];
}

}  // namespace quantlens
