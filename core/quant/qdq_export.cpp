// QDQ graph construction: the prepared graph walked in order, quantized weights and biases inserted
// before their layer, QuantizeLinear→DequantizeLinear pairs after each quantized activation.
#include "core/quant/qdq_export.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <onnx/onnx_pb.h>

#include "core/config/quant_options.h"
#include "core/error.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/quant_layout.h"
#include "core/quant/quantize.h"
#include "core/quant/weight_quantization.h"

namespace quantlens {
namespace {

constexpr int64_t kOpsetFloat8 = 19;    // QuantizeLinear/DequantizeLinear with FLOAT8E4M3FN/E5M2
constexpr int64_t kOpsetInt4Int16 = 21;  // INT4/UINT4, INT16/UINT16 and blocked (per-group) scales

// How the codes of a scheme are stored: the element type of the tensor holding them, the file
// encoding for types a Tensor lacks, the opset that brought that type to QuantizeLinear and
// DequantizeLinear, and (integers) the type's full range, which QuantizeLinear saturates to.
struct Storage {
  DataType holder = DataType::UInt8;
  std::optional<InitializerEncoding> encoding;
  int64_t opset = kMinExportOpset;
  QuantRange range;
};

Storage storageOf(const QuantScheme& scheme) {
  switch (scheme.dtype) {
    case QuantDtype::Int4: return {DataType::Int8, InitializerEncoding::Int4, kOpsetInt4Int16, {-8, 7}};
    case QuantDtype::UInt4: return {DataType::UInt8, InitializerEncoding::UInt4, kOpsetInt4Int16, {0, 15}};
    case QuantDtype::Fp8E4M3: return {DataType::UInt8, InitializerEncoding::Float8E4M3Fn, kOpsetFloat8, {}};
    case QuantDtype::Fp8E5M2: return {DataType::UInt8, InitializerEncoding::Float8E5M2, kOpsetFloat8, {}};
    case QuantDtype::Nf4: break;
    default: {
      // int8/uint8 and narrower N-bit codes fit 8 bits; 16-bit and 9..15-bit codes need 16.
      const DataType holder = codeDataType(scheme.dtype, scheme.bits);
      const bool wide = holder == DataType::Int16 || holder == DataType::UInt16;
      const int bits = wide ? 16 : 8;
      const QuantDtype typeDtype = isSignedDtype(scheme.dtype) ? QuantDtype::IntN : QuantDtype::UIntN;
      return {holder, std::nullopt, wide ? kOpsetInt4Int16 : kMinExportOpset,
              {integerTypeMin(typeDtype, bits), integerTypeMax(typeDtype, bits)}};
    }
  }
  throw Error("NF4 codes have no ONNX type", ErrorKind::Internal);
}

// A tensor of `shape` in the holder type with the given integer values (zero points, codes).
Tensor integerTensor(DataType type, const Shape& shape, const std::vector<int32_t>& values) {
  Tensor tensor(type, shape);
  visitDataType(type, [&](auto zero) {
    using T = decltype(zero);
    std::transform(values.begin(), values.end(), tensor.data<T>(), [](int32_t v) { return static_cast<T>(v); });
  });
  return tensor;
}

class QdqBuilder {
public:
  QdqBuilder(const Graph& graph, const QuantPlan& plan, const QuantState& state)
      : m_source(graph), m_plan(plan), m_state(state) {
    if (state.layers.size() != plan.layers.size())
      throw Error("the quantization state has " + std::to_string(state.layers.size()) + " layers but the plan has " +
                      std::to_string(plan.layers.size()),
                  ErrorKind::Internal);
    m_model.graph.name = graph.name;
    m_model.graph.opset = graph.opset;
    m_model.graph.inputs = graph.inputs;
    m_model.graph.outputs = graph.outputs;
    m_model.graph.initializers = graph.initializers;
    for (const auto& [name, tensor] : graph.initializers) m_names.insert(name);
    for (const ValueInfo& input : graph.inputs) m_names.insert(input.name);
    for (const Node& node : graph.nodes) {
      m_names.insert(node.name);
      m_names.insert(node.outputs.begin(), node.outputs.end());
    }
    for (size_t i = 0; i < plan.layers.size(); ++i) m_layerOfNode[plan.layers[i].node] = i;
  }

  QdqModel build() {
    for (const ValueInfo& input : m_source.inputs)
      if (const ActivationQuant* activation = activationOf(input.name))
        m_readAs[input.name] = addPair(input.name, input.name, freshName(input.name + "_DequantizeLinear_Output"),
                                       *activation);
    for (size_t i = 0; i < m_source.nodes.size(); ++i) addNode(static_cast<int>(i));
    m_model.graph.removeUnusedInitializers();
    m_model.options.opset = std::max({m_source.opset, kMinExportOpset, m_opset});
    m_model.options.metadata["quantlens.format"] = "QDQ";
    for (const ConfigEntry& entry : describeQuantConfig(m_state.config))
      m_model.options.metadata["quantlens.config." + entry.option] = entry.text;
    if (m_nf4Layers > 0) {
      const std::string note = std::to_string(m_nf4Layers) +
                               " layer(s) have NF4 weights, which ONNX cannot express: they are stored as their "
                               "dequantized float32 values (what the fake-quant model computes with), so the file "
                               "is not smaller for them";
      m_model.options.metadata["quantlens.nf4_weights"] = note;
      m_model.notes.push_back(note);
    }
    return std::move(m_model);
  }

private:
  const ActivationQuant* activationOf(const std::string& tensor) const {
    const auto found = m_state.activations.find(tensor);
    return found == m_state.activations.end() ? nullptr : &found->second;
  }

  std::string freshName(const std::string& base) {
    std::string name = base;
    for (int i = 1; !m_names.insert(name).second; ++i) name = base + "_" + std::to_string(i);
    return name;
  }

  std::string addInitializer(const std::string& base, Tensor tensor, std::optional<InitializerEncoding> encoding) {
    const std::string name = freshName(base);
    if (encoding) m_model.options.encodings[name] = *encoding;
    m_model.graph.initializers[name] = std::move(tensor);
    return name;
  }

  void requireOpset(int64_t opset) { m_opset = std::max(m_opset, opset); }

  void addNode(int index) {
    Node node = m_source.nodes[static_cast<size_t>(index)];
    for (std::string& input : node.inputs) {
      const auto renamed = m_readAs.find(input);
      if (renamed != m_readAs.end()) input = renamed->second;
    }
    const auto layer = m_layerOfNode.find(index);
    if (layer != m_layerOfNode.end()) quantizeLayerInputs(layer->second, node);

    // A quantized graph output keeps its name on the DequantizeLinear; its producer writes a new one.
    std::vector<std::pair<std::string, std::string>> pairs;  // (tensor, what the producer now writes)
    for (std::string& output : node.outputs) {
      if (output.empty() || !activationOf(output)) continue;
      const std::string tensor = output;
      if (m_source.isGraphOutput(tensor)) output = freshName(tensor + "_QuantizeLinear_Input");
      pairs.emplace_back(tensor, output);
    }
    m_model.graph.nodes.push_back(std::move(node));
    for (const auto& [tensor, produced] : pairs) {
      if (produced != tensor) {
        addPair(tensor, produced, tensor, *activationOf(tensor));
      } else {
        m_readAs[tensor] = addPair(tensor, tensor, freshName(tensor + "_DequantizeLinear_Output"), *activationOf(tensor));
      }
    }
  }

  // Scale and zero-point initializers of an activation, shared by the tensors sharing qparams.
  std::pair<std::string, std::string> activationQParams(const std::string& tensor, const QParams& qparams,
                                                        const Storage& storage) {
    const std::string source = qparamsSource(m_plan, tensor);
    const auto cached = m_sharedQParams.find(source);
    if (cached != m_sharedQParams.end() && cached->second.first == qparams.scales &&
        cached->second.second == qparams.zeroPoints)
      return m_sharedNames.at(source);
    const std::string scale = addInitializer(source + "_scale", Tensor::scalar<float>(qparams.scales.at(0)), std::nullopt);
    const std::string zeroPoint =
        addInitializer(source + "_zero_point", integerTensor(storage.holder, {}, {qparams.zeroPoints.at(0)}),
                       storage.encoding);
    if (cached == m_sharedQParams.end()) {
      m_sharedQParams[source] = {qparams.scales, qparams.zeroPoints};
      m_sharedNames[source] = {scale, zeroPoint};
    }
    return {scale, zeroPoint};
  }

  // QuantizeLinear(input) → DequantizeLinear → output; returns `output`.
  std::string addPair(const std::string& tensor, const std::string& input, const std::string& output,
                      const ActivationQuant& activation) {
    const QParams& qparams = activation.qparams;
    const QuantScheme& scheme = qparams.scheme;
    if (scheme.dtype == QuantDtype::Nf4)
      throw unsupportedError("activation '" + tensor + "' is quantized to NF4, which ONNX cannot express");
    if (qparams.scales.size() != 1)
      throw Error("activation '" + tensor + "' has " + std::to_string(qparams.scales.size()) +
                      " scales; activations are quantized per-tensor",
                  ErrorKind::Internal);
    const Storage storage = storageOf(scheme);
    requireOpset(storage.opset);
    const auto [scale, zeroPoint] = activationQParams(tensor, qparams, storage);

    std::string quantizeInput = input;
    if (isIntegerDtype(scheme.dtype)) {
      const QuantRange saturation = scheme.saturationRange();
      if (saturation.min > storage.range.min || saturation.max < storage.range.max) {
        // QuantizeLinear saturates to its type; clipping the float value first to the codes'
        // range, (q_min - zp) · s … (q_max - zp) · s, gives the narrower saturation.
        const float s = qparams.scales[0];
        const int32_t zp = qparams.zeroPoints[0];
        const std::string lo = addInitializer(tensor + "_clip_min", Tensor::scalar<float>(dequantizeValue(saturation.min, s, zp)),
                                              std::nullopt);
        const std::string hi = addInitializer(tensor + "_clip_max", Tensor::scalar<float>(dequantizeValue(saturation.max, s, zp)),
                                              std::nullopt);
        quantizeInput = freshName(tensor + "_Clip_Output");
        m_model.graph.nodes.push_back({freshName(tensor + "_Clip"), "Clip", "", {input, lo, hi}, {quantizeInput}, {}});
      }
    }
    const std::string quantized = freshName(tensor + "_QuantizeLinear_Output");
    m_model.graph.nodes.push_back(
        {freshName(tensor + "_QuantizeLinear"), "QuantizeLinear", "", {quantizeInput, scale, zeroPoint}, {quantized}, {}});
    m_model.graph.nodes.push_back(
        {freshName(tensor + "_DequantizeLinear"), "DequantizeLinear", "", {quantized, scale, zeroPoint}, {output}, {}});
    ++m_model.activationPairs;
    return output;
  }

  void quantizeLayerInputs(size_t index, Node& node) {
    const QuantizedLayer& layer = m_plan.layers[index];
    const LayerQuant& quant = m_state.layers[index];
    if (!quant.quantized || !quant.weight) return;
    const Tensor* weight = m_source.initializer(layer.weight);
    if (!weight)
      throw Error(node.label() + ": weight '" + layer.weight + "' is not an initializer", ErrorKind::Internal);
    try {
      if (quant.weight->qparams.scheme.dtype == QuantDtype::Nf4) {
        node.inputs[1] = addInitializer(layer.weight + "_nf4_dequantized", quant.weight->dequantized, std::nullopt);
        ++m_nf4Layers;
      } else {
        node.inputs[1] = addWeight(layer.weight, *weight, quant.weight->qparams);
      }
      if (quant.dequantizedBias) node.inputs[2] = addBias(layer, quant.weight->qparams);
    } catch (Error& error) {
      throw error.addContext("while exporting " + node.label());
    }
  }

  // The weight's codes feeding DequantizeLinear with the scales of its layout; returns the
  // dequantized value's name.
  std::string addWeight(const std::string& name, const Tensor& weight, const QParams& qparams) {
    const QuantScheme& scheme = qparams.scheme;
    const Storage storage = storageOf(scheme);
    requireOpset(storage.opset);
    const QuantLayout layout(weight.shape(), scheme.granularity);
    const Shape paramShape = layout.paramShape();
    Attributes attributes;
    if (layout.kind() != GranularityKind::PerTensor) attributes.set("axis", layout.axis());
    if (layout.kind() == GranularityKind::PerGroup) {
      attributes.set("block_size", layout.groupSize());
      requireOpset(kOpsetInt4Int16);
    }
    Tensor codes = quantize(weight, qparams);
    if (codes.dtype() != storage.holder)
      throw Error("weight '" + name + "' codes are " + std::string(dataTypeName(codes.dtype())) + " but " +
                      scheme.describe() + " is stored as " + std::string(dataTypeName(storage.holder)),
                  ErrorKind::Internal);
    const std::string quantized = addInitializer(name + "_quantized", std::move(codes), storage.encoding);
    const std::string scale =
        addInitializer(name + "_scale", Tensor::fromVector<float>(paramShape, qparams.scales), std::nullopt);
    const std::string zeroPoint =
        addInitializer(name + "_zero_point", integerTensor(storage.holder, paramShape, qparams.zeroPoints), storage.encoding);
    const std::string output = freshName(name + "_DequantizeLinear_Output");
    m_model.graph.nodes.push_back({freshName(name + "_DequantizeLinear"), "DequantizeLinear", "",
                                   {quantized, scale, zeroPoint}, {output}, std::move(attributes)});
    ++m_model.quantizedWeights;
    return output;
  }

  // int32 bias codes with scale f32(s_in · s_w[c]) and zero point 0 (ONNX Runtime's
  // quantize_bias_static, QLinearConv's B), along the bias's last axis per channel.
  std::string addBias(const QuantizedLayer& layer, const QParams& weightQParams) {
    const Tensor* bias = m_source.initializer(layer.bias);
    const ActivationQuant* input = activationOf(layer.input);
    if (!bias || !input)
      throw Error("bias '" + layer.bias + "' is quantized but " + (bias ? "the input" : "the bias") +
                      " has no quantization",
                  ErrorKind::Internal);
    const float inputScale = input->qparams.scales.at(0);
    const std::vector<float>& weightScales = weightQParams.scales;
    const std::vector<int32_t> codes = quantizeBias(*bias, inputScale, weightScales);
    Attributes attributes;
    Shape paramShape;
    std::vector<float> scales;
    if (weightScales.size() == 1) {
      scales = {inputScale * weightScales[0]};
    } else {
      const int64_t axis = bias->rank() - 1;
      if (axis < 0 || bias->dim(axis) != static_cast<int64_t>(weightScales.size()))
        throw Error("bias '" + layer.bias + "' of shape " + shapeToString(bias->shape()) + " does not have the " +
                    std::to_string(weightScales.size()) + " output channels of the weight along its last axis");
      for (float s : weightScales) scales.push_back(inputScale * s);
      paramShape = {static_cast<int64_t>(scales.size())};
      attributes.set("axis", axis);
    }
    const std::string quantized = addInitializer(layer.bias + "_quantized", integerTensor(DataType::Int32, bias->shape(), codes),
                                                 std::nullopt);
    const std::string scale = addInitializer(layer.bias + "_scale", Tensor::fromVector<float>(paramShape, scales), std::nullopt);
    const std::string zeroPoint = addInitializer(
        layer.bias + "_zero_point", integerTensor(DataType::Int32, paramShape, std::vector<int32_t>(scales.size(), 0)),
        std::nullopt);
    const std::string output = freshName(layer.bias + "_DequantizeLinear_Output");
    m_model.graph.nodes.push_back({freshName(layer.bias + "_DequantizeLinear"), "DequantizeLinear", "",
                                   {quantized, scale, zeroPoint}, {output}, std::move(attributes)});
    ++m_model.quantizedBiases;
    return output;
  }

  const Graph& m_source;
  const QuantPlan& m_plan;
  const QuantState& m_state;
  QdqModel m_model;
  std::set<std::string> m_names;                    // every value, initializer and node name in use
  std::map<int, size_t> m_layerOfNode;              // node index → plan layer
  std::map<std::string, std::string> m_readAs;      // quantized tensor → its dequantized value
  std::map<std::string, std::pair<std::vector<float>, std::vector<int32_t>>> m_sharedQParams;  // by source tensor
  std::map<std::string, std::pair<std::string, std::string>> m_sharedNames;  // by source: scale, zero point
  int64_t m_opset = kMinExportOpset;
  int m_nf4Layers = 0;
};

}  // namespace

QdqModel buildQdqModel(const Graph& graph, const QuantPlan& plan, const QuantState& state) {
  return QdqBuilder(graph, plan, state).build();
}

QdqExportResult exportQdqModel(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                               const std::filesystem::path& path) {
  const QdqModel model = buildQdqModel(graph, plan, state);
  QdqExportResult result;
  result.path = path.string();
  result.opset = model.options.opset;
  result.activationPairs = model.activationPairs;
  result.quantizedWeights = model.quantizedWeights;
  result.quantizedBiases = model.quantizedBiases;
  result.notes = model.notes;

  onnx::ModelProto proto;
  exportOnnxModel(model.graph, model.options, proto);
  result.checked = checkOnnxModel(proto);
  try {
    result.fileBytes = writeOnnxFile(proto, path);
  } catch (Error& error) {
    throw error.addContext("while exporting the QDQ model");
  }
  OnnxExportOptions fp32;
  fp32.opset = std::max(graph.opset, kMinExportOpset);
  exportOnnxModel(graph, fp32, proto);
  result.fp32FileBytes = serializedSize(proto);
  return result;
}

}  // namespace quantlens
