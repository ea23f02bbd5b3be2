// Graph → ModelProto, with the opset normalizer's forms written back as the target opset defines them.
#include "core/graph/onnx_export.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>

#include "core/error.h"
#include "core/graph/tensor_proto.h"
#include "core/quant/nibble_packing.h"

namespace quantlens {
namespace {

constexpr const char* kInternalPrefix = "quantlens.";

// Reduce operators whose axes were an attribute until opset 18 (ReduceSum moved at 13).
bool takesAxesAttributeBefore18(const std::string& op) {
  static const std::set<std::string> kOps = {"ReduceMax",    "ReduceMin",       "ReduceMean",
                                             "ReduceProd",   "ReduceL1",        "ReduceL2",
                                             "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"};
  return kOps.count(op) != 0;
}

bool isCoercingSoftmax(const Node& node) {
  return (node.opType == "Softmax" || node.opType == "LogSoftmax" || node.opType == "Hardmax") &&
         node.attributes.getInt("quantlens.coerce_2d", 0) == 1;
}

void setAttribute(const std::string& name, const AttributeValue& value, onnx::AttributeProto& attr) {
  using A = onnx::AttributeProto;
  attr.set_name(name);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) {
          attr.set_type(A::INT);
          attr.set_i(v);
        } else if constexpr (std::is_same_v<T, float>) {
          attr.set_type(A::FLOAT);
          attr.set_f(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          attr.set_type(A::STRING);
          attr.set_s(v);
        } else if constexpr (std::is_same_v<T, Tensor>) {
          attr.set_type(A::TENSOR);
          tensorToProto(v, "", *attr.mutable_t());
        } else if constexpr (std::is_same_v<T, std::vector<int64_t>>) {
          attr.set_type(A::INTS);
          for (int64_t i : v) attr.add_ints(i);
        } else if constexpr (std::is_same_v<T, std::vector<float>>) {
          attr.set_type(A::FLOATS);
          for (float f : v) attr.add_floats(f);
        } else {
          attr.set_type(A::STRINGS);
          for (const std::string& s : v) attr.add_strings(s);
        }
      },
      value);
}

void setValueInfo(const ValueInfo& info, const Graph& graph, onnx::ValueInfoProto& proto) {
  proto.set_name(info.name);
  DataType type = info.dtype;
  if (type == DataType::Undefined) {
    const auto known = graph.valueInfo.find(info.name);
    type = known != graph.valueInfo.end() && known->second.dtype != DataType::Undefined ? known->second.dtype
                                                                                      : DataType::Float32;
  }
  auto* tensorType = proto.mutable_type()->mutable_tensor_type();
  tensorType->set_elem_type(static_cast<int32_t>(type));
  if (!info.hasShape) {
    // The rank, with every dimension unknown, when shape inference saw the value (at one batch size).
    const auto known = graph.valueInfo.find(info.name);
    if (known == graph.valueInfo.end() || !known->second.hasShape) return;
    auto* shape = tensorType->mutable_shape();
    for (size_t d = 0; d < known->second.shape.size(); ++d) shape->add_dim();
    return;
  }
  auto* shape = tensorType->mutable_shape();
  for (const Dim& dim : info.shape) {
    auto* d = shape->add_dim();
    if (dim.isKnown()) d->set_dim_value(dim.value);
    else if (!dim.symbol.empty()) d->set_dim_param(dim.symbol);
  }
}

// Writes nodes in the target opset's forms, inventing value names that collide with nothing.
class NodeWriter {
public:
  NodeWriter(const Graph& graph, int64_t opset, onnx::GraphProto& proto) : m_graph(graph), m_opset(opset), m_proto(proto) {
    for (const auto& [name, tensor] : graph.initializers) m_names.insert(name);
    for (const ValueInfo& input : graph.inputs) m_names.insert(input.name);
    for (const Node& node : graph.nodes) {
      m_names.insert(node.name);
      m_names.insert(node.outputs.begin(), node.outputs.end());
    }
  }

  void write(const Node& node) {
    if (!node.domain.empty() && node.domain != "ai.onnx")
      throw unsupportedError(node.label() + ": domain '" + node.domain +
                             "' cannot be exported (only the default ONNX domain is written)");
    Node written = node;
    if (written.opType == "BatchNormalization" && written.attributes.has("spatial")) {
      // spatial = 0 (per-position statistics, opset < 9) has no counterpart in later opsets.
      if (written.attributes.getInt("spatial", 1) == 0)
        throw unsupportedError(node.label() + ": spatial = 0 (opset < 9) cannot be written at opset " +
                               std::to_string(m_opset));
      written.attributes.erase("spatial");
    }
    if (m_opset < 18 && takesAxesAttributeBefore18(written.opType)) moveAxesToAttribute(written);
    if (isCoercingSoftmax(written)) {
      writeCoercingSoftmax(written);
      return;
    }
    emit(written);
  }

  // Names of the values the written nodes read.
  const std::set<std::string>& readValues() const { return m_read; }

private:
  std::string freshName(const std::string& base) {
    std::string name = base;
    for (int i = 1; !m_names.insert(name).second; ++i) name = base + "_" + std::to_string(i);
    return name;
  }

  void emit(const Node& node) {
    onnx::NodeProto& proto = *m_proto.add_node();
    proto.set_name(node.name);
    proto.set_op_type(node.opType);
    for (const std::string& input : node.inputs) {
      proto.add_input(input);
      if (!input.empty()) m_read.insert(input);
    }
    for (const std::string& output : node.outputs) proto.add_output(output);
    for (const auto& [name, value] : node.attributes.all())
      if (name.rfind(kInternalPrefix, 0) != 0) setAttribute(name, value, *proto.add_attribute());
  }

  void moveAxesToAttribute(Node& node) const {
    const bool noop = node.attributes.getInt("noop_with_empty_axes", 0) != 0;
    node.attributes.erase("noop_with_empty_axes");
    const std::string axes = node.inputs.size() > 1 ? node.inputs[1] : std::string();
    if (axes.empty()) {
      if (noop)
        throw unsupportedError(node.label() + ": noop_with_empty_axes = 1 without axes cannot be written at opset " +
                               std::to_string(m_opset));
    } else {
      const Tensor* values = m_graph.initializer(axes);
      if (!values)
        throw unsupportedError(node.label() + ": computed axes '" + axes + "' cannot be written at opset " +
                               std::to_string(m_opset) + ", where they are an attribute");
      node.attributes.set("axes", values->toInt64Vector());
    }
    node.inputs.resize(1);
  }

  // Before opset 13 these ops flattened the input to 2-D at `axis` and worked along the second
  // dimension; from 13 on they work along `axis` alone. Same thing when the axis is the last one.
  void writeCoercingSoftmax(Node node) {
    const int64_t axis = node.attributes.getInt("axis", 1);
    node.attributes.erase("quantlens.coerce_2d");
    const auto known = m_graph.valueInfo.find(node.inputs.at(0));
    const int64_t rank = known != m_graph.valueInfo.end() && known->second.hasShape
                             ? static_cast<int64_t>(known->second.shape.size())
                             : -1;
    if (axis == -1 || (rank > 0 && axis == rank - 1)) {
      emit(node);
      return;
    }
    const std::string& x = node.inputs.at(0);
    const std::string y = node.outputs.at(0);
    Node shape{freshName(node.name + "/Shape"), "Shape", "", {x}, {freshName(node.name + "/input_shape")}, {}};
    Node flatten{freshName(node.name + "/Flatten"), "Flatten", "", {x}, {freshName(node.name + "/input_2d")}, {}};
    flatten.attributes.set("axis", axis);
    node.inputs = {flatten.outputs[0]};
    node.outputs = {freshName(node.name + "/output_2d")};
    node.attributes.set("axis", int64_t{1});
    Node reshape{freshName(node.name + "/Reshape"), "Reshape", "", {node.outputs[0], shape.outputs[0]}, {y}, {}};
    emit(shape);
    emit(flatten);
    emit(node);
    emit(reshape);
  }

  const Graph& m_graph;
  int64_t m_opset;
  onnx::GraphProto& m_proto;
  std::set<std::string> m_names;
  std::set<std::string> m_read;
};

void writeInitializer(const std::string& name, const Tensor& tensor, const InitializerEncoding* encoding,
                      onnx::TensorProto& proto) {
  tensorToProto(tensor, name, proto);
  if (!encoding) return;
  const DataType holder = *encoding == InitializerEncoding::Int4 ? DataType::Int8 : DataType::UInt8;
  if (tensor.dtype() != holder)
    throw Error("initializer '" + name + "' is " + std::string(dataTypeName(tensor.dtype())) + " but its encoding needs " +
                    std::string(dataTypeName(holder)) + " codes",
                ErrorKind::Internal);
  proto.set_data_type(onnxDataType(*encoding));
  if (*encoding == InitializerEncoding::Int4 || *encoding == InitializerEncoding::UInt4)
    proto.set_raw_data(packedInt4Bytes(tensor));
}

}  // namespace

int32_t onnxDataType(InitializerEncoding encoding) {
  switch (encoding) {
    case InitializerEncoding::Int4: return 22;
    case InitializerEncoding::UInt4: return 21;
    case InitializerEncoding::Float8E4M3Fn: return 17;
    case InitializerEncoding::Float8E5M2: return 19;
  }
  return 0;
}

std::string packedInt4Bytes(const Tensor& codes) {
  const bool isSigned = codes.dtype() == DataType::Int8;
  if (!isSigned && codes.dtype() != DataType::UInt8)
    throw Error("4-bit codes must be held as int8 or uint8, not " + std::string(dataTypeName(codes.dtype())),
                ErrorKind::Internal);
  std::vector<uint8_t> nibbles(static_cast<size_t>(codes.numel()));
  for (int64_t i = 0; i < codes.numel(); ++i) {
    const int64_t code = codes.valueAsInt(i);
    if (isSigned ? (code < -8 || code > 7) : (code < 0 || code > 15))
      throw Error("code " + std::to_string(code) + " at index " + std::to_string(i) + " does not fit in " +
                      (isSigned ? "int4 [-8, 7]" : "uint4 [0, 15]"),
                  ErrorKind::Internal);
    nibbles[static_cast<size_t>(i)] = static_cast<uint8_t>(code & 0x0F);  // two's complement low nibble
  }
  const std::vector<uint8_t> packed = packNibbles(nibbles, NibbleOrder::FirstLow);
  return std::string(packed.begin(), packed.end());
}

int64_t irVersionForOpset(int64_t opset) {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  return 11;
}

int64_t checkerMaxOpset() {
  const auto& ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  const auto found = ranges.find(onnx::ONNX_DOMAIN);
  return found == ranges.end() ? 0 : found->second.second;
}

void exportOnnxModel(const Graph& graph, const OnnxExportOptions& options, onnx::ModelProto& proto) {
  if (graph.opset > 0 && graph.opset < 7)
    throw unsupportedError("the model is written against opset " + std::to_string(graph.opset) +
                           ", whose broadcasting rules later opsets lack; only models of opset 7 or later are exported");
  const int64_t opset = options.opset > 0 ? options.opset : std::max(graph.opset, kMinExportOpset);
  if (opset < kMinExportOpset)
    throw Error("opset " + std::to_string(opset) + " is below " + std::to_string(kMinExportOpset) +
                    ", the lowest QuantLens exports",
                ErrorKind::Internal);
  proto.Clear();
  proto.set_ir_version(irVersionForOpset(opset));
  proto.set_producer_name("QuantLens");
  proto.set_producer_version(QUANTLENS_VERSION);
  auto* import = proto.add_opset_import();
  import->set_domain("");
  import->set_version(opset);
  for (const auto& [key, value] : options.metadata) {
    auto* entry = proto.add_metadata_props();
    entry->set_key(key);
    entry->set_value(value);
  }

  onnx::GraphProto& g = *proto.mutable_graph();
  g.set_name(graph.name.empty() ? "quantlens" : graph.name);
  NodeWriter writer(graph, opset, g);
  for (const Node& node : graph.nodes) writer.write(node);
  std::set<std::string> used = writer.readValues();
  for (const ValueInfo& output : graph.outputs) used.insert(output.name);
  for (const auto& [name, tensor] : graph.initializers) {
    if (!used.count(name)) continue;
    const auto encoding = options.encodings.find(name);
    writeInitializer(name, tensor, encoding == options.encodings.end() ? nullptr : &encoding->second,
                     *g.add_initializer());
  }
  for (const ValueInfo& input : graph.inputs) setValueInfo(input, graph, *g.add_input());
  for (const ValueInfo& output : graph.outputs) setValueInfo(output, graph, *g.add_output());
}

bool checkOnnxModel(const onnx::ModelProto& proto) {
  int64_t opset = 0;
  for (const auto& import : proto.opset_import())
    if (import.domain().empty() || import.domain() == "ai.onnx") opset = import.version();
  if (opset > checkerMaxOpset()) return false;
  try {
    onnx::checker::check_model(proto);
  } catch (const std::exception& e) {
    throw Error(std::string("the exported model fails onnx::checker::check_model: ") + e.what(), ErrorKind::Internal);
  }
  return true;
}

int64_t serializedSize(const onnx::ModelProto& proto) { return static_cast<int64_t>(proto.ByteSizeLong()); }

int64_t writeOnnxFile(const onnx::ModelProto& proto, const std::filesystem::path& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw Error("cannot open " + path.string() + " for writing");
  if (!proto.SerializeToOstream(&file)) throw Error("cannot write the model to " + path.string());
  file.close();
  if (!file) throw Error("cannot write the model to " + path.string());
  return serializedSize(proto);
}

}  // namespace quantlens
