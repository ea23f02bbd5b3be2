// Add with requantization (and a fused Relu), and Relu / Clip as clamps of codes.
#include <algorithm>

#include "core/error.h"
#include "core/runtime/int8/int8_steps.h"
#include "kernels/quantized_add.h"

namespace quantlens {
namespace {

const OpKernel& floatAdd() {
  static const OpKernel kernel = OpRegistry::builtin().find("", "Add");
  return kernel;
}

uint8_t clampCode(uint8_t code, const CodeClamp& clamp) {
  return static_cast<uint8_t>(std::clamp<int32_t>(code, clamp.min, clamp.max));
}

class AddU8Step final : public Int8Step {
public:
  AddU8Step(const Node& node, int64_t opset, ActivationCodes a, ActivationCodes b, ActivationCodes output,
            CodeClamp clamp)
      : m_node(node), m_opset(opset), m_a(a), m_b(b), m_output(output), m_clamp(clamp) {
    m_add.aZeroPoint = a.zeroPoint;
    m_add.aMultiplier = a.scale / output.scale;
    m_add.bZeroPoint = b.zeroPoint;
    m_add.bMultiplier = b.scale / output.scale;
    m_add.zeroPoint = output.zeroPoint;
    m_add.outputMin = clamp.min;
    m_add.outputMax = clamp.max;
  }

  void run(Int8StepContext& context) const override {
    const Tensor& a = *context.inputs[0];
    const Tensor& b = *context.inputs[1];
    if (a.shape() == b.shape()) {
      Tensor y(DataType::UInt8, a.shape());
      kernels::addU8(a.data<uint8_t>(), b.data<uint8_t>(), a.numel(), m_add, y.data<uint8_t>());
      context.outputs[0] = std::move(y);
      return;
    }
    // Broadcasting: the float Add on the dequantized values, then quantized like the fake-quant model.
    const Tensor real[] = {dequantizeActivation(a, m_a), dequantizeActivation(b, m_b)};
    const Tensor* inputs[] = {&real[0], &real[1]};
    Tensor sum[1];
    OpContext add(m_node, m_opset, inputs, sum);
    floatAdd()(add);
    Tensor y = quantizeActivation(sum[0], m_output);
    for (uint8_t& code : y.values<uint8_t>()) code = clampCode(code, m_clamp);
    context.outputs[0] = std::move(y);
  }

private:
  Node m_node;
  int64_t m_opset;
  ActivationCodes m_a, m_b, m_output;
  CodeClamp m_clamp;
  kernels::QuantizedAdd m_add;
};

class ClampU8Step final : public Int8Step {
public:
  explicit ClampU8Step(CodeClamp clamp) : m_clamp(clamp) {}

  void run(Int8StepContext& context) const override {
    Tensor y = *context.inputs[0];
    for (uint8_t& code : y.values<uint8_t>()) code = clampCode(code, m_clamp);
    context.outputs[0] = std::move(y);
  }

private:
  CodeClamp m_clamp;
};

}  // namespace

std::optional<CodeClamp> fusedClamp(const Int8BuildContext& context, int activation, const ActivationCodes& output) {
  CodeClamp clamp{output.min, output.max};
  if (activation < 0) return clamp;
  const Node& node = context.graph.nodes.at(static_cast<size_t>(activation));
  if (node.opType == "Relu") {
    clamp.min = std::max<int32_t>(clamp.min, output.quantize(0.0f));
    return clamp;
  }
  if (node.opType != "Clip") return std::nullopt;
  for (size_t i = 1; i < node.inputs.size() && i < 3; ++i) {
    if (node.inputs[i].empty()) continue;
    const Tensor* bound = context.graph.initializer(node.inputs[i]);
    if (!bound || bound->numel() != 1) return std::nullopt;
    const int32_t code = output.quantize(static_cast<float>(bound->valueAsDouble(0)));
    if (i == 1)
      clamp.min = std::max(clamp.min, code);
    else
      clamp.max = std::min(clamp.max, code);
  }
  clamp.min = std::min(clamp.min, clamp.max);  // Clip with min > max gives max everywhere
  return clamp;
}

Int8StepChoice chooseAddStep(const Int8BuildContext& context, int index) {
  const Node& node = context.graph.nodes.at(static_cast<size_t>(index));
  if (node.inputs.size() != 2 || node.outputs.size() != 1)
    return Int8StepChoice::refused("Add with other than two inputs");
  const ActivationCodes* a = context.codesOf(node.inputs[0]);
  const ActivationCodes* b = context.codesOf(node.inputs[1]);
  for (size_t i = 0; i < 2; ++i)
    if (!(i == 0 ? a : b)) return Int8StepChoice::refused("input '" + node.inputs[i] + "' is not quantized");
  Int8StepChoice choice;
  choice.inputs = node.inputs;
  choice.outputs = node.outputs;
  const ActivationCodes* output = context.codesOf(node.outputs[0]);
  if (!output) {
    // PyTorch's add-relu: the sum has no qparams of its own, the Relu after it has.
    const int reader = context.soleReader(node.outputs[0]);
    const Node* relu = reader >= 0 ? &context.graph.nodes[static_cast<size_t>(reader)] : nullptr;
    if (!relu || relu->opType != "Relu" || !(output = context.codesOf(relu->outputs.at(0))))
      return Int8StepChoice::refused("its output '" + node.outputs[0] + "' is not quantized");
    choice.fusedNode = reader;
    choice.outputs = relu->outputs;
  }
  const CodeClamp clamp = *fusedClamp(context, choice.fusedNode, *output);
  choice.step = std::make_unique<AddU8Step>(node, context.graph.opset, *a, *b, *output, clamp);
  choice.detail = choice.fusedNode >= 0 ? "requantized add, Relu fused" : "requantized add";
  return choice;
}

Int8StepChoice chooseClampStep(const Int8BuildContext& context, int index) {
  const Node& node = context.graph.nodes.at(static_cast<size_t>(index));
  const ActivationCodes* input = node.inputs.empty() ? nullptr : context.codesOf(node.inputs[0]);
  const ActivationCodes* output = node.outputs.size() == 1 ? context.codesOf(node.outputs[0]) : nullptr;
  if (auto why = sharedCodesRefusal(node, input, output)) return Int8StepChoice::refused(*why);
  const std::optional<CodeClamp> clamp = fusedClamp(context, index, *output);
  if (!clamp) return Int8StepChoice::refused("the Clip's bounds are not constants");
  Int8StepChoice choice;
  choice.inputs = {node.inputs[0]};
  choice.outputs = node.outputs;
  choice.step = std::make_unique<ClampU8Step>(*clamp);
  choice.detail = "clamp of codes";
  return choice;
}

}  // namespace quantlens
