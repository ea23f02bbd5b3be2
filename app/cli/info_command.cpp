// `quantlens-cli info MODEL`: inputs/outputs, operator counts, parameters, size, unsupported ops.
#include <algorithm>
#include <iostream>
#include <sstream>

#include "app/cli/cli_command.h"
#include "app/cli/json_output.h"
#include "core/config/command_line.h"
#include "core/graph/onnx_import.h"
#include "core/quant/qdq_model_info.h"

namespace quantlens::cli {
namespace {

const char* kindName(QdqTensorInfo::Kind kind) {
  switch (kind) {
    case QdqTensorInfo::Kind::Activation: return "activation";
    case QdqTensorInfo::Kind::Weight: return "weight";
    case QdqTensorInfo::Kind::Bias: return "bias";
  }
  return "";
}

// "uint8 per-tensor scale 0.0235 zero point 0" or "int8 per-axis 0: 32 scales in [0.0011, 0.0093]".
std::string describeQParams(const QdqTensorInfo& t) {
  std::ostringstream text;
  text << (t.dtype == DataType::Undefined ? std::string("4-bit/FP8") : std::string(dataTypeName(t.dtype)));
  if (t.scales.empty()) return text.str() + " (computed scale)";
  if (t.axis < 0) {
    text << " per-tensor scale " << t.scales[0] << " zero point " << (t.zeroPoints.empty() ? 0 : t.zeroPoints[0]);
  } else {
    const auto [lo, hi] = std::minmax_element(t.scales.begin(), t.scales.end());
    text << (t.blockSize > 0 ? " blocked (" + std::to_string(t.blockSize) + ") along axis " : std::string(" per-axis "))
         << t.axis << ": " << t.scales.size() << " scales in [" << *lo << ", " << *hi << "]";
  }
  return text.str();
}

nlohmann::ordered_json qdqJson(const QdqModelInfo& qdq) {
  if (!qdq.quantized()) return nullptr;
  nlohmann::ordered_json tensors = nlohmann::ordered_json::array();
  for (const QdqTensorInfo& t : qdq.tensors)
    tensors.push_back({{"kind", kindName(t.kind)},
                       {"tensor", t.tensor},
                       {"dtype", t.dtype == DataType::Undefined ? nlohmann::ordered_json(nullptr)
                                                                : nlohmann::ordered_json(dataTypeName(t.dtype))},
                       {"axis", t.axis < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.axis)},
                       {"block_size", t.blockSize > 0 ? nlohmann::ordered_json(t.blockSize) : nlohmann::ordered_json(nullptr)},
                       {"scales", t.scales},
                       {"zero_points", t.zeroPoints}});
  return {{"activation_pairs", qdq.activationPairs}, {"quantize_nodes", qdq.quantizeNodes},
          {"dequantize_nodes", qdq.dequantizeNodes}, {"quantized_weights", qdq.quantizedWeights},
          {"int32_biases", qdq.quantizedBiases},     {"tensors", tensors}};
}

}  // namespace

int runInfo(const std::vector<std::string>& args) {
  const CommandLine cl = CommandLine::parse(args, {{"json"}});
  if (cl.positional().size() != 1) throw UsageError("info takes exactly one MODEL argument");
  const Model model = importOnnxFile(cl.positional()[0]);
  const ModelSummary s = summarizeModel(model);

  std::cout << s.path << "\n  producer " << s.producer << ", IR " << s.irVersion << ", opset " << s.opset
            << "\n  " << s.nodeCount << " nodes, " << s.parameters << " parameters, "
            << s.fp32Bytes << " bytes as FP32 (file " << s.fileBytes << " bytes)\n";
  for (const ValueInfo& in : s.inputs) std::cout << "  input  " << in.name << ": " << describeValue(in) << "\n";
  for (const ValueInfo& out : s.outputs) std::cout << "  output " << out.name << ": " << describeValue(out) << "\n";
  std::cout << "  operators:";
  for (const auto& [op, count] : s.operatorCounts) std::cout << " " << op << "×" << count;
  std::cout << "\n";
  const QdqModelInfo qdq = inspectQdqModel(model.graph);
  if (qdq.quantized()) {
    std::cout << "  already quantized (QDQ): " << qdq.describe() << "\n";
    for (const QdqTensorInfo& t : qdq.tensors)
      std::cout << "    " << kindName(t.kind) << " " << t.tensor << ": " << describeQParams(t) << "\n";
  }
  if (!s.unsupported.empty()) std::cerr << UnsupportedOperatorsError(s.unsupported).what() << "\n";

  if (auto destination = cl.value("json")) {
    nlohmann::ordered_json inputs = nlohmann::ordered_json::array(), outputs = inputs;
    for (const ValueInfo& in : s.inputs) inputs.push_back(valueInfoJson(in));
    for (const ValueInfo& out : s.outputs) outputs.push_back(valueInfoJson(out));
    writeJson({{"model", {{"path", s.path}, {"producer", s.producer}, {"ir_version", s.irVersion},
                          {"opset", s.opset}, {"nodes", s.nodeCount}, {"params", s.parameters},
                          {"fp32_bytes", s.fp32Bytes}, {"file_bytes", s.fileBytes}}},
               {"inputs", inputs},
               {"outputs", outputs},
               {"operators", s.operatorCounts},
               {"unsupported", unsupportedJson(s.unsupported)},
               {"qdq", qdqJson(qdq)}},
              *destination);
  }
  return s.unsupported.empty() ? kExitOk : kExitUnsupported;
}

}  // namespace quantlens::cli
