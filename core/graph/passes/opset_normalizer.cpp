// Opset normalization: old attribute forms become the inputs of the newest operator versions.
#include "core/graph/passes/opset_normalizer.h"

#include <set>

#include "core/error.h"

namespace quantlens {
namespace {

const std::set<std::string> kReduceOps = {"ReduceMean", "ReduceMax",    "ReduceMin",       "ReduceProd",
                                          "ReduceL1",   "ReduceL2",     "ReduceLogSum",    "ReduceLogSumExp",
                                          "ReduceSumSquare"};

class OpsetNormalizer {
public:
  explicit OpsetNormalizer(Graph& graph) : m_graph(graph) {
    for (const auto& entry : graph.initializers) m_names.insert(entry.first);
    for (const ValueInfo& input : graph.inputs) m_names.insert(input.name);
    for (const Node& node : graph.nodes) {
      m_names.insert(node.inputs.begin(), node.inputs.end());
      m_names.insert(node.outputs.begin(), node.outputs.end());
    }
  }

  void normalize(Node& node, int64_t opset) {
    const std::string& op = node.opType;
    if (op == "Clip" && opset < 11) return normalizeClip(node);
    if (op == "Reshape" && opset < 5) return moveInts(node, "shape", 1, "shape");
    if ((op == "Squeeze" || op == "Unsqueeze") && opset < 13) return moveInts(node, "axes", 1, "axes");
    if ((op == "ReduceSum" && opset < 13) || (kReduceOps.count(op) && opset < 18)) return moveReduceAxes(node);
    if (op == "Slice" && opset < 10) {
      // Moved last to first so the inputs never need shuffling.
      moveInts(node, "axes", 3, "axes");
      moveInts(node, "ends", 2, "ends");
      return moveInts(node, "starts", 1, "starts");
    }
    if (op == "Pad" && opset < 11) return normalizePad(node);
    if (op == "Split" && opset < 13) return moveInts(node, "split", 1, "split");
    if (op == "TopK" && opset < 10) return normalizeTopK(node);
    if (op == "Resize" && opset < 11) return normalizeResize10(node);
    if (op == "Resize" && opset < 13) return renameResize11Modes(node);
    if (op == "Upsample") return normalizeUpsample(node);
    if ((op == "Softmax" || op == "LogSoftmax" || op == "Hardmax") && opset < 13) {
      node.attributes.set("quantlens.coerce_2d", int64_t{1});
      if (!node.attributes.has("axis")) node.attributes.set("axis", int64_t{1});
      return;
    }
    if (op == "Concat" && opset < 4 && !node.attributes.has("axis")) node.attributes.set("axis", int64_t{1});
  }

private:
  // A new initializer for input `inputName` of `node`, under a name no value uses yet.
  std::string addConstant(const Node& node, const std::string& inputName, Tensor value) {
    const std::string base = (node.name.empty() ? node.opType : node.name) + "/" + inputName;
    std::string name = base;
    for (int suffix = 1; m_names.count(name); ++suffix) name = base + "_" + std::to_string(suffix);
    m_names.insert(name);
    m_graph.initializers[name] = std::move(value);
    return name;
  }

  static bool hasInput(const Node& node, size_t index) {
    return index < node.inputs.size() && !node.inputs[index].empty();
  }

  static void setInput(Node& node, size_t index, const std::string& value) {
    if (node.inputs.size() <= index) node.inputs.resize(index + 1);
    node.inputs[index] = value;
  }

  // The element type of a value when the graph states it; float otherwise (the old attribute
  // forms handled here were float-only, or float in practice).
  DataType knownType(const std::string& value) const {
    if (const Tensor* init = m_graph.initializer(value)) return init->dtype();
    for (const ValueInfo& input : m_graph.inputs)
      if (input.name == value && input.dtype != DataType::Undefined) return input.dtype;
    if (auto it = m_graph.valueInfo.find(value); it != m_graph.valueInfo.end() && it->second.dtype != DataType::Undefined)
      return it->second.dtype;
    return DataType::Float32;
  }

  static Tensor int64List(const std::vector<int64_t>& values) {
    return Tensor::fromVector<int64_t>({static_cast<int64_t>(values.size())}, values);
  }

  // Integer-list attribute → int64 1-D input. An input already given wins (opset 1 Split took
  // either); the attribute is dropped in both cases so the kernel sees one form only.
  void moveInts(Node& node, const std::string& attribute, size_t index, const std::string& inputName) {
    if (!node.attributes.has(attribute)) return;
    const std::vector<int64_t> values = node.attributes.getInts(attribute);
    node.attributes.erase(attribute);
    if (!hasInput(node, index)) setInput(node, index, addConstant(node, inputName, int64List(values)));
  }

  void moveReduceAxes(Node& node) {
    // An empty list meant "all axes", as does the absent input.
    if (node.attributes.has("axes") && node.attributes.getInts("axes").empty()) node.attributes.erase("axes");
    moveInts(node, "axes", 1, "axes");
  }

  // A float attribute → a scalar input of `type`, or "" (absent) when the attribute is absent.
  void moveScalar(Node& node, const std::string& attribute, size_t index, const std::string& inputName,
                  DataType type) {
    if (!node.attributes.has(attribute)) return;
    const float value = node.attributes.getFloat(attribute, 0.0f);
    node.attributes.erase(attribute);
    if (!hasInput(node, index))
      setInput(node, index, addConstant(node, inputName, Tensor::scalar<float>(value).castTo(type)));
  }

  void normalizeClip(Node& node) {
    const DataType type = node.inputs.empty() ? DataType::Float32 : knownType(node.inputs[0]);
    moveScalar(node, "min", 1, "min", type);
    moveScalar(node, "max", 2, "max", type);
  }

  void normalizePad(Node& node) {
    if (node.attributes.has("paddings")) {  // the opset-1 name
      node.attributes.set("pads", node.attributes.getInts("paddings"));
      node.attributes.erase("paddings");
    }
    moveInts(node, "pads", 1, "pads");
    const DataType type = node.inputs.empty() ? DataType::Float32 : knownType(node.inputs[0]);
    moveScalar(node, "value", 2, "constant_value", type);
  }

  void normalizeTopK(Node& node) {
    if (!node.attributes.has("k")) return;
    const int64_t k = node.attributes.getInt("k", 0);
    node.attributes.erase("k");
    if (!hasInput(node, 1)) setInput(node, 1, addConstant(node, "K", int64List({k})));
  }

  // Opset 10 resized with x_original = x_resized / scale and nearest rounding down; opset 11
  // made both attributes with other defaults, so they are spelled out.
  static void setOpset10Semantics(Node& node) {
    node.attributes.set("coordinate_transformation_mode", std::string("asymmetric"));
    node.attributes.set("nearest_mode", std::string("floor"));
  }

  void normalizeResize10(Node& node) {
    if (node.inputs.size() != 2) return;  // already (X, roi, scales): normalized before
    node.inputs = {node.inputs[0], "", node.inputs[1]};
    setOpset10Semantics(node);
  }

  // Opset 13 renamed the opset-11 coordinate_transformation_mode "tf_half_pixel_for_nn".
  static void renameResize11Modes(Node& node) {
    if (node.attributes.getString("coordinate_transformation_mode", "") == "tf_half_pixel_for_nn")
      node.attributes.set("coordinate_transformation_mode", std::string("tf_half_pixel_for_nearest"));
  }

  void normalizeUpsample(Node& node) {
    std::string scales;
    if (node.attributes.has("scales")) {  // opset 7
      const std::vector<float> values = node.attributes.getFloats("scales");
      scales = addConstant(node, "scales", Tensor::fromVector<float>({static_cast<int64_t>(values.size())}, values));
    } else if (node.attributes.has("height_scale") || node.attributes.has("width_scale")) {
      // Experimental opset-1 form, for NCHW input only.
      const std::vector<float> values = {1.0f, 1.0f, node.attributes.getFloat("height_scale", 1.0f),
                                         node.attributes.getFloat("width_scale", 1.0f)};
      scales = addConstant(node, "scales", Tensor::fromVector<float>({4}, values));
    } else if (hasInput(node, 1)) {  // opset 9
      scales = node.inputs[1];
    } else {
      throw Error(node.label() + ": has neither a scales attribute nor a scales input");
    }
    for (const char* legacy : {"scales", "height_scale", "width_scale"}) node.attributes.erase(legacy);
    if (node.inputs.empty()) throw Error(node.label() + ": has no input X");
    node.inputs = {node.inputs[0], "", scales};
    if (node.attributes.getString("mode", "nearest") == "bilinear") node.attributes.set("mode", std::string("linear"));
    node.opType = "Resize";
    setOpset10Semantics(node);
  }

  Graph& m_graph;
  std::set<std::string> m_names;  // every value name in use, so new initializers never collide
};

}  // namespace

void normalizeOpsets(Graph& graph) {
  if (graph.opset <= 0) return;
  OpsetNormalizer normalizer(graph);
  for (Node& node : graph.nodes)
    if (node.domain.empty() || node.domain == "ai.onnx") normalizer.normalize(node, graph.opset);
}

}  // namespace quantlens
