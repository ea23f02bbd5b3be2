// What an operator's backward kernel sees: the node, its forward inputs and outputs, the
// gradient of its output, and the input gradients it must fill.
#pragma once

#include <cassert>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/graph/node.h"
#include "core/runtime/op_context.h"
#include "core/tensor/tensor.h"

namespace quantlens {

class BackwardContext {
public:
  // `inputs` and `outputs` are the values the forward pass kept (nullptr for absent optional
  // ones); `outputGrad` is dLoss/dOutput0 (every supported operator has one differentiable output);
  // `inputGrads` has one slot per input and `wantsGrad` says which slots the caller reads.
  BackwardContext(const Node& node, int64_t opset, std::span<const Tensor* const> inputs,
                  std::span<const Tensor* const> outputs, const Tensor& outputGrad,
                  std::span<Tensor> inputGrads, std::span<const bool> wantsGrad)
      : m_node(node), m_opset(opset), m_inputs(inputs), m_outputs(outputs), m_outputGrad(outputGrad),
        m_inputGrads(inputGrads), m_wantsGrad(wantsGrad) {}

  const Node& node() const { return m_node; }
  const Attributes& attributes() const { return m_node.attributes; }

  const Tensor& input(size_t index) const {
    if (!optionalInput(index))
      throw error("input " + std::to_string(index) + " is required but absent");
    return *m_inputs[index];
  }
  const Tensor* optionalInput(size_t index) const {
    return index < m_inputs.size() ? m_inputs[index] : nullptr;
  }
  const Tensor& output(size_t index) const {
    if (index >= m_outputs.size() || !m_outputs[index])
      throw error("output " + std::to_string(index) + " was not kept by the forward pass");
    return *m_outputs[index];
  }
  const Tensor& outputGrad() const { return m_outputGrad; }

  bool wantsGrad(size_t index) const { return index < m_wantsGrad.size() && m_wantsGrad[index]; }
  // The gradient must have the input's shape.
  void setInputGrad(size_t index, Tensor grad) {
    assert(index < m_inputGrads.size() && "one gradient slot per input");
    assert(grad.shape() == input(index).shape() && "an input gradient has the input's shape");
    m_inputGrads[index] = std::move(grad);
  }

  // A forward OpContext over the same node and inputs, for the runtime's attribute readers
  // (window geometry, axis checks); it has no outputs.
  OpContext forwardContext() const { return OpContext(m_node, m_opset, m_inputs, {}); }

  Error error(const std::string& message) const {
    return Error(m_node.label() + " (backward): " + message);
  }
  Error unsupported(const std::string& message) const {
    return unsupportedError(m_node.label() + " (backward): " + message);
  }

private:
  const Node& m_node;
  int64_t m_opset;
  std::span<const Tensor* const> m_inputs;
  std::span<const Tensor* const> m_outputs;
  const Tensor& m_outputGrad;
  std::span<Tensor> m_inputGrads;
  std::span<const bool> m_wantsGrad;
};

}  // namespace quantlens
