// ModelProto → Model.
#include "core/graph/onnx_import.h"

#include <fstream>
#include <set>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <onnx/onnx_pb.h>

#include "core/error.h"
#include "core/graph/tensor_proto.h"

namespace quantlens {
namespace {

AttributeValue convertAttribute(const onnx::AttributeProto& attr, const std::filesystem::path& dir) {
  using A = onnx::AttributeProto;
  switch (attr.type()) {
    case A::INT: return attr.i();
    case A::FLOAT: return attr.f();
    case A::STRING: return attr.s();
    case A::TENSOR: return tensorFromProto(attr.t(), dir);
    case A::INTS: return std::vector<int64_t>(attr.ints().begin(), attr.ints().end());
    case A::FLOATS: return std::vector<float>(attr.floats().begin(), attr.floats().end());
    case A::STRINGS: return std::vector<std::string>(attr.strings().begin(), attr.strings().end());
    default: break;
  }
  throw unsupportedError("attribute '" + attr.name() + "' of type " + A::AttributeType_Name(attr.type()) +
                         " is not supported");
}

ValueInfo convertValueInfo(const onnx::ValueInfoProto& proto) {
  ValueInfo info;
  info.name = proto.name();
  if (!proto.type().has_tensor_type()) return info;
  const auto& tensorType = proto.type().tensor_type();
  info.dtype = static_cast<DataType>(tensorType.elem_type());
  info.hasShape = tensorType.has_shape();
  for (const auto& d : tensorType.shape().dim()) {
    Dim dim;
    if (d.has_dim_value()) dim.value = d.dim_value();
    else dim.symbol = d.dim_param();
    info.shape.push_back(dim);
  }
  return info;
}

// The value a Constant node holds, in whichever attribute it was written.
Tensor constantValue(const Node& node) {
  const Attributes& a = node.attributes;
  if (const Tensor* t = a.getTensor("value")) return *t;
  if (a.has("value_float")) return Tensor::scalar<float>(a.getFloat("value_float", 0));
  if (a.has("value_int")) return Tensor::scalar<int64_t>(a.getInt("value_int", 0));
  if (a.has("value_floats")) {
    auto v = a.getFloats("value_floats");
    return Tensor::fromVector<float>({static_cast<int64_t>(v.size())}, v);
  }
  if (a.has("value_ints")) {
    auto v = a.getInts("value_ints");
    return Tensor::fromVector<int64_t>({static_cast<int64_t>(v.size())}, v);
  }
  throw unsupportedError(node.label() + ": only numeric tensor values are supported "
                         "(not strings or sparse tensors)");
}

Node convertNode(const onnx::NodeProto& proto, size_t index, const std::filesystem::path& dir) {
  Node node;
  node.opType = proto.op_type();
  node.domain = proto.domain() == "ai.onnx" ? "" : proto.domain();
  node.name = proto.name().empty() ? proto.op_type() + "_" + std::to_string(index) : proto.name();
  node.inputs.assign(proto.input().begin(), proto.input().end());
  node.outputs.assign(proto.output().begin(), proto.output().end());
  for (const auto& attr : proto.attribute()) {
    if (attr.type() == onnx::AttributeProto::GRAPH || attr.type() == onnx::AttributeProto::GRAPHS)
      continue;  // control flow: the operator itself is reported unsupported
    try {
      node.attributes.set(attr.name(), convertAttribute(attr, dir));
    } catch (Error& e) {
      throw e.addContext("in " + node.label());
    }
  }
  return node;
}

Graph convertGraph(const onnx::GraphProto& proto, int64_t opset, const std::filesystem::path& dir) {
  Graph graph;
  graph.name = proto.name();
  graph.opset = opset;
  std::set<std::string> fourBit;  // INT4/UINT4 initializers, held as int8/uint8 codes
  for (const auto& init : proto.initializer()) {
    if (init.name().empty()) throw Error("an initializer has no name");
    graph.initializers[init.name()] = tensorFromProto(init, dir);
    if (isFourBitOnnxType(init.data_type())) fourBit.insert(init.name());
  }
  if (proto.sparse_initializer_size() > 0)
    throw unsupportedError("sparse initializers are not supported");
  for (const auto& input : proto.input())
    if (!graph.isInitializer(input.name())) graph.inputs.push_back(convertValueInfo(input));
  for (const auto& output : proto.output()) graph.outputs.push_back(convertValueInfo(output));
  for (const auto& info : proto.value_info()) graph.valueInfo[info.name()] = convertValueInfo(info);

  std::set<std::string> names;
  for (int i = 0; i < proto.node_size(); ++i) {
    Node node = convertNode(proto.node(i), static_cast<size_t>(i), dir);
    while (!names.insert(node.name).second) node.name += "_" + std::to_string(i);
    // Unpacked, a 4-bit zero point would make QuantizeLinear saturate to the 8-bit range.
    if (node.opType == "QuantizeLinear" && node.inputs.size() > 2 && fourBit.count(node.inputs[2]))
      throw unsupportedError(node.label() + ": quantizing to 4 bits (zero point '" + node.inputs[2] +
                             "' is INT4/UINT4) is not supported; 4-bit weights feeding DequantizeLinear are");
    if (node.opType == "Constant" && node.domain.empty() && node.outputs.size() == 1) {
      graph.initializers[node.outputs[0]] = constantValue(node);  // Constant nodes are weights too
      continue;
    }
    graph.nodes.push_back(std::move(node));
  }
  if (graph.outputs.empty()) throw Error("the graph has no outputs");
  graph.sortTopologically();
  return graph;
}

}  // namespace

Model importOnnxModel(const onnx::ModelProto& proto, const std::filesystem::path& modelDir) {
  if (!proto.has_graph() || proto.ir_version() <= 0)
    throw Error("not an ONNX model (no graph or IR version)");
  Model model;
  model.irVersion = proto.ir_version();
  model.producerName = proto.producer_name();
  model.producerVersion = proto.producer_version();
  for (const auto& opset : proto.opset_import())
    model.opsetImports[opset.domain() == "ai.onnx" ? "" : opset.domain()] = opset.version();
  for (const auto& entry : proto.metadata_props()) model.metadata[entry.key()] = entry.value();

  // IR version 3+ must declare its opsets; older models imply opset 1.
  const int64_t opset = model.opsetImports.count("") ? model.opsetImports[""] : 1;
  model.graph = convertGraph(proto.graph(), opset, modelDir);
  return model;
}

Model importOnnxFile(const std::filesystem::path& path) {
  try {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw Error("cannot open the file");
    google::protobuf::io::IstreamInputStream raw(&file);
    google::protobuf::io::CodedInputStream coded(&raw);
    coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
    onnx::ModelProto proto;
    if (!proto.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
      throw Error("not a valid ONNX model (the protobuf does not parse: truncated or another format)");
    Model model = importOnnxModel(proto, path.parent_path());
    model.path = path;
    return model;
  } catch (Error& e) {
    throw e.addContext("while loading " + path.string());
  }
}

}  // namespace quantlens
