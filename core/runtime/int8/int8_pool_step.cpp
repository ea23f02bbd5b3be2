// AveragePool and GlobalAveragePool on codes, requantized to the output's scale and zero point.
#include "core/error.h"
#include "core/runtime/int8/int8_steps.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "kernels/pooling_u8.h"

namespace quantlens {
namespace {

class AveragePoolU8Step final : public Int8Step {
public:
  AveragePoolU8Step(const Node& node, int64_t opset, bool global, kernels::PoolingU8Quantization quantization)
      : m_node(node), m_opset(opset), m_global(global), m_quantization(quantization) {}

  void run(Int8StepContext& context) const override {
    const Tensor& x = *context.inputs[0];
    if (x.rank() < 3 || x.rank() > 5)
      throw Error(m_node.label() + ": input has shape " + shapeToString(x.shape()) +
                  "; pooling takes [N, C, D1, ...] with 1 to 3 spatial axes");
    const int64_t planes = x.dim(0) * x.dim(1);
    if (m_global) {
      Shape shape = x.shape();
      for (size_t i = 2; i < shape.size(); ++i) shape[i] = 1;
      Tensor y(DataType::UInt8, shape);
      kernels::globalAveragePoolU8(x.data<uint8_t>(), planes, planes > 0 ? x.numel() / planes : 0, m_quantization,
                                   y.data<uint8_t>());
      context.outputs[0] = std::move(y);
      return;
    }
    const int64_t spatialRank = x.rank() - 2;
    const OpContext reader(m_node, m_opset, {}, {});
    const nn::WindowAttributes attributes = nn::readWindowAttributes(reader, spatialRank);
    const kernels::WindowGeometry g =
        nn::slidingWindowGeometry(reader, attributes, Shape(x.shape().begin() + 2, x.shape().end()));
    const int64_t countIncludePad = m_node.attributes.getInt("count_include_pad", 0);
    if (countIncludePad != 0 && countIncludePad != 1)
      throw Error(m_node.label() + ": count_include_pad " + std::to_string(countIncludePad) + " must be 0 or 1");
    Tensor y(DataType::UInt8, nn::nchwShape(x.dim(0), x.dim(1), g.output, spatialRank));
    kernels::averagePoolU8(x.data<uint8_t>(), planes, g, countIncludePad == 1, m_quantization, y.data<uint8_t>());
    context.outputs[0] = std::move(y);
  }

private:
  Node m_node;
  int64_t m_opset;
  bool m_global;
  kernels::PoolingU8Quantization m_quantization;
};

}  // namespace

Int8StepChoice choosePoolStep(const Int8BuildContext& context, int index) {
  const Node& node = context.graph.nodes.at(static_cast<size_t>(index));
  const ActivationCodes* input = node.inputs.empty() ? nullptr : context.codesOf(node.inputs[0]);
  const ActivationCodes* output = node.outputs.size() == 1 ? context.codesOf(node.outputs[0]) : nullptr;
  if (!input) return Int8StepChoice::refused("its input is not quantized");
  if (!output) return Int8StepChoice::refused("its output is not quantized");
  kernels::PoolingU8Quantization quantization;
  quantization.inputZeroPoint = input->zeroPoint;
  quantization.multiplier = input->scale / output->scale;
  quantization.outputZeroPoint = output->zeroPoint;
  quantization.outputMin = output->min;
  quantization.outputMax = output->max;
  Int8StepChoice choice;
  choice.inputs = {node.inputs[0]};
  choice.outputs = node.outputs;
  choice.step =
      std::make_unique<AveragePoolU8Step>(node, context.graph.opset, node.opType == "GlobalAveragePool", quantization);
  choice.detail = "average of codes, requantized";
  return choice;
}

}  // namespace quantlens
