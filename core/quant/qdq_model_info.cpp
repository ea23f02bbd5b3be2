// Inspection of QuantizeLinear/DequantizeLinear nodes and the constant qparams they read.
#include "core/quant/qdq_model_info.h"

namespace quantlens {
namespace {

bool isDefaultDomain(const Node& node) { return node.domain.empty() || node.domain == "ai.onnx"; }
bool isQuantize(const Node& node) { return isDefaultDomain(node) && node.opType == "QuantizeLinear"; }
bool isDequantize(const Node& node) { return isDefaultDomain(node) && node.opType == "DequantizeLinear"; }

// Scale, zero point, axis and block size of a Q/DQ node, as far as they are constants.
QdqTensorInfo qparamsOf(const Graph& graph, const Node& node, QdqTensorInfo::Kind kind, std::string tensor) {
  QdqTensorInfo info;
  info.kind = kind;
  info.tensor = std::move(tensor);
  const Tensor* scale = node.inputs.size() > 1 ? graph.initializer(node.inputs[1]) : nullptr;
  const Tensor* zeroPoint = node.inputs.size() > 2 ? graph.initializer(node.inputs[2]) : nullptr;
  if (scale && scale->dtype() == DataType::Float32) info.scales = scale->toFloatVector();
  if (zeroPoint) {
    info.zeroPoints = zeroPoint->toInt64Vector();
    if (kind == QdqTensorInfo::Kind::Activation) info.dtype = zeroPoint->dtype();
  } else if (kind == QdqTensorInfo::Kind::Activation && (node.inputs.size() <= 2 || node.inputs[2].empty())) {
    info.dtype = DataType::UInt8;  // QuantizeLinear's output without a zero point
  }
  const bool perTensor = !scale || (scale->numel() == 1 && scale->rank() <= 1);
  info.blockSize = node.attributes.getInt("block_size", 0);
  if (!perTensor || info.blockSize > 0) info.axis = node.attributes.getInt("axis", 1);
  return info;
}

}  // namespace

std::string QdqModelInfo::describe() const {
  return std::to_string(activationPairs) + " QuantizeLinear→DequantizeLinear pairs on activations, " +
         std::to_string(quantizedWeights) + " quantized weights, " + std::to_string(quantizedBiases) +
         " int32 biases (" + std::to_string(quantizeNodes) + " QuantizeLinear, " + std::to_string(dequantizeNodes) +
         " DequantizeLinear nodes)";
}

QdqModelInfo inspectQdqModel(const Graph& graph) {
  QdqModelInfo info;
  for (const Node& node : graph.nodes) {
    if (isQuantize(node) && !node.outputs.empty() && !node.inputs.empty()) {
      ++info.quantizeNodes;
      const std::vector<int> readers = graph.consumersOf(node.outputs[0]);
      bool paired = !readers.empty();
      for (int reader : readers) paired = paired && isDequantize(graph.nodes[static_cast<size_t>(reader)]);
      if (!paired) continue;
      ++info.activationPairs;
      // Name the pair after the graph output it writes, if any (exports rename the producer's output).
      std::string tensor = node.inputs[0];
      for (int reader : readers)
        for (const std::string& output : graph.nodes[static_cast<size_t>(reader)].outputs)
          if (graph.isGraphOutput(output)) tensor = output;
      info.tensors.push_back(qparamsOf(graph, node, QdqTensorInfo::Kind::Activation, tensor));
    } else if (isDequantize(node) && !node.inputs.empty()) {
      ++info.dequantizeNodes;
      const Tensor* codes = graph.initializer(node.inputs[0]);
      if (!codes) continue;  // the DequantizeLinear of a pair
      const bool bias = codes->dtype() == DataType::Int32;
      ++(bias ? info.quantizedBiases : info.quantizedWeights);
      QdqTensorInfo tensor =
          qparamsOf(graph, node, bias ? QdqTensorInfo::Kind::Bias : QdqTensorInfo::Kind::Weight, node.inputs[0]);
      tensor.dtype = codes->dtype();
      info.tensors.push_back(std::move(tensor));
    }
  }
  return info;
}

}  // namespace quantlens
