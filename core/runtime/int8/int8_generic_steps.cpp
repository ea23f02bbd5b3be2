// Steps that reuse the float operator kernels: on codes (operators that only move elements) or on
// dequantized values (every operator without an integer kernel).
#include <optional>

#include "core/error.h"
#include "core/runtime/int8/int8_steps.h"

namespace quantlens {
namespace {

// The float kernel of a data-movement operator run on the uint8 codes as they are: the output holds
// input codes, and the output shares the input's qparams, so no value changes.
class CodeStep final : public Int8Step {
public:
  CodeStep(const Node& node, int64_t opset, OpKernel kernel) : m_node(node), m_opset(opset), m_kernel(kernel) {}

  void run(Int8StepContext& context) const override {
    OpContext op(m_node, m_opset, context.inputs, context.outputs);
    m_kernel(op);
  }

private:
  Node m_node;
  int64_t m_opset;
  OpKernel m_kernel;
};

// A node in float, as the fake-quant executor runs it: quantized inputs dequantized (the fake-quant
// values exactly), and every output that carries qparams quantized as soon as it is produced.
class FloatStep final : public Int8Step {
public:
  FloatStep(const Node& node, int64_t opset, OpKernel kernel, std::vector<std::optional<ActivationCodes>> inputs,
            std::vector<std::optional<ActivationCodes>> outputs)
      : m_node(node), m_opset(opset), m_kernel(kernel), m_inputs(std::move(inputs)), m_outputs(std::move(outputs)) {}

  void run(Int8StepContext& context) const override {
    std::vector<Tensor> real(m_inputs.size());
    std::vector<const Tensor*> inputs(context.inputs.begin(), context.inputs.end());
    for (size_t i = 0; i < m_inputs.size(); ++i)
      if (m_inputs[i] && inputs[i]) {
        real[i] = dequantizeActivation(*inputs[i], *m_inputs[i]);
        inputs[i] = &real[i];
      }
    OpContext op(m_node, m_opset, inputs, context.outputs);
    m_kernel(op);
    for (size_t o = 0; o < m_outputs.size(); ++o)
      if (m_outputs[o] && !context.outputs[o].empty())
        context.outputs[o] = quantizeActivation(context.outputs[o], *m_outputs[o]);
  }

private:
  Node m_node;
  int64_t m_opset;
  OpKernel m_kernel;
  std::vector<std::optional<ActivationCodes>> m_inputs;
  std::vector<std::optional<ActivationCodes>> m_outputs;
};

std::vector<std::optional<ActivationCodes>> codesOfAll(const Int8BuildContext& context,
                                                       const std::vector<std::string>& tensors) {
  std::vector<std::optional<ActivationCodes>> codes;
  for (const std::string& tensor : tensors) {
    const ActivationCodes* found = tensor.empty() ? nullptr : context.codesOf(tensor);
    codes.push_back(found ? std::optional<ActivationCodes>(*found) : std::nullopt);
  }
  return codes;
}

}  // namespace

std::optional<std::string> sharedCodesRefusal(const Node& node, const ActivationCodes* input,
                                              const ActivationCodes* output) {
  if (!input) return "its input '" + (node.inputs.empty() ? std::string() : node.inputs[0]) + "' is not quantized";
  if (!output) return "its output '" + (node.outputs.empty() ? std::string() : node.outputs[0]) + "' is not quantized";
  if (!(*input == *output)) return std::string("its output has quantization parameters of its own");
  return std::nullopt;
}

Int8StepChoice chooseCodeStep(const Int8BuildContext& context, int index, OpKernel kernel) {
  const Node& node = context.graph.nodes.at(static_cast<size_t>(index));
  const ActivationCodes* input = node.inputs.empty() ? nullptr : context.codesOf(node.inputs[0]);
  const ActivationCodes* output = node.outputs.empty() ? nullptr : context.codesOf(node.outputs[0]);
  if (auto why = sharedCodesRefusal(node, input, output)) return Int8StepChoice::refused(*why);
  for (size_t i = 1; i < node.inputs.size(); ++i)
    if (!node.inputs[i].empty() && !context.graph.isInitializer(node.inputs[i]))
      return Int8StepChoice::refused("input '" + node.inputs[i] + "' is computed");
  for (size_t o = 1; o < node.outputs.size(); ++o)
    if (!node.outputs[o].empty()) return Int8StepChoice::refused("output '" + node.outputs[o] + "' is read");
  Int8StepChoice choice;
  choice.inputs = node.inputs;
  choice.outputs = node.outputs;
  choice.step = std::make_unique<CodeStep>(node, context.graph.opset, kernel);
  choice.detail = "on codes";
  return choice;
}

Int8StepChoice makeFloatStep(const Int8BuildContext& context, int index, OpKernel kernel) {
  const Node& node = context.graph.nodes.at(static_cast<size_t>(index));
  Int8StepChoice choice;
  choice.inputs = node.inputs;
  choice.outputs = node.outputs;
  choice.step = std::make_unique<FloatStep>(node, context.graph.opset, kernel, codesOfAll(context, node.inputs),
                                            codesOfAll(context, node.outputs));
  return choice;
}

}  // namespace quantlens
