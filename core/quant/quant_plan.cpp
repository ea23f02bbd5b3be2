// Quantization placement after PyTorch's default static FX recipe (fbgemm/x86 backend config).
//
// Rules, in the words of torch.ao.quantization's backend config:
// - Weighted layers: Conv, ConvTranspose, Gemm and MatMul whose weight is an initializer get a
//   quantized weight (PyTorch's Conv*d / ConvTranspose*d / Linear). Their data input and their
//   output are activations with their own observers (OUTPUT_USE_DIFFERENT_OBSERVER_AS_INPUT).
//   Not quantized (they stay float, their tensors observed only where a quantized op reads them):
//   Gemm with transA = 1 or whose initializer is input A (no Linear has that form), Gemm/Conv whose
//   bias is computed rather than constant, MatMul whose constant weight is not 2-D (a batched
//   matmul, not a Linear).
// - Fusion: a Relu, or a Clip with constant bounds, that is the only reader of a weighted layer's
//   output (and that output is no graph output) is fused: the pre-activation tensor gets no
//   qparams and the layer's output is the activation's. Add and Mul fuse a following Relu the same
//   way (PyTorch's (ReLU, add) / (ReLU, mul) patterns): the sum gets no qparams, the Relu's output
//   is observed. PyTorch's fusers, like this one, require the intermediate to have one user.
// - Add, Mul and Concat with a float output: every non-constant input and the output are activations.
// - Shared qparams (OUTPUT_SHARE_OBSERVER_WITH_INPUT): MaxPool, AveragePool, GlobalAveragePool,
//   Relu and Clip (constant bounds) when not fused, Flatten, Reshape, Transpose, Squeeze and
//   Unsqueeze. Their data input is an activation (observed unless it shares itself) and their
//   output shares the qparams of the root of the chain: Conv → MaxPool → Flatten both point at the
//   Conv output. Calibration feeds the shared tensors' values into the root's statistics, since
//   PyTorch's shared observer instance sees them too (calibration.cpp).
// - Every other operator (Softmax, Sigmoid, Tanh, LayerNormalization, Resize, …) stays float. Its
//   output is observed only when a quantized op reads it (PyTorch's input observer); the graph
//   input likewise.
// - Constants: initializers are never activations (weights are quantized per layer, biases by the
//   derivation; a constant input of Add/Mul/Concat stays float).
//
// Where this differs from PyTorch (1.13 … 2.x), and why:
// - Clip with constant bounds fuses into the layer before it, as ONNX Runtime's QDQ optimizer
//   does; PyTorch treats hardtanh/relu6/clamp as shared-qparams ops (the unfused Clip here too).
// - ConvTranspose and MatMul fuse a Relu as well (PyTorch fuses only Conv*d and Linear). A MatMul
//   with a constant [K, N] weight is treated as a Linear without bias (nn.Linear on 3-D inputs
//   exports as MatMul + Add); its bias Add is an ordinary Add, observed on its own.
// - Concat's inputs and output each get their own observer (as ONNX Runtime's QDQ quantizer);
//   PyTorch makes torch.cat's inputs and output share the first input's observer.
// - Sigmoid, Softmax, Tanh, Hardsigmoid stay float; PyTorch gives them fixed qparams. PyTorch's
//   default ops (LeakyRelu, Elu, HardSwish, InstanceNormalization, LayerNormalization) stay float too.
// - A shared-qparams op reading the graph input directly shares the input's qparams; PyTorch's
//   is_observer_in_same_graph gives such an op's output an observer of its own.
// - A constant input of Add/Mul/Concat stays float; PyTorch would observe the get_attr tensor.
#include "core/quant/quant_plan.h"

#include <map>
#include <set>
#include <unordered_map>

namespace quantlens {
namespace {

enum class Role {
  Float,       // runs in float; its inputs and outputs carry no qparams of their own
  Layer,       // a weighted layer with a quantized weight
  Fused,       // a Relu/Clip folded into the node before it
  Arithmetic,  // Add, Mul, Concat: quantized inputs, observed output
  Shared,      // output shares its input's qparams
};

bool isDefaultDomain(const Node& node) { return node.domain.empty() || node.domain == "ai.onnx"; }

bool isSharedQParamsOp(const std::string& op) {
  static const std::set<std::string> kOps = {"MaxPool", "AveragePool", "GlobalAveragePool", "Relu", "Clip",
                                             "Flatten", "Reshape",     "Transpose",         "Squeeze", "Unsqueeze"};
  return kOps.count(op) != 0;
}

class Planner {
public:
  explicit Planner(const Graph& graph) : m_graph(graph), m_roles(graph.nodes.size(), Role::Float) {
    for (size_t i = 0; i < graph.nodes.size(); ++i)
      for (const std::string& input : graph.nodes[i].inputs)
        if (!input.empty()) {
          std::vector<int>& readers = m_consumers[input];
          if (readers.empty() || readers.back() != static_cast<int>(i)) readers.push_back(static_cast<int>(i));
        }
  }

  QuantPlan plan() {
    QuantPlan result;
    assignRoles(result);
    collectActivations(result);
    return result;
  }

private:
  // A value produced at run time whose element type is float (or unknown, as in a graph whose
  // shapes were not inferred).
  bool isFloatActivation(const std::string& name) const {
    if (name.empty() || m_graph.isInitializer(name)) return false;
    for (const ValueInfo& input : m_graph.inputs)
      if (input.name == name) return input.dtype == DataType::Float32 || input.dtype == DataType::Undefined;
    auto it = m_graph.valueInfo.find(name);
    return it == m_graph.valueInfo.end() || it->second.dtype == DataType::Float32 ||
           it->second.dtype == DataType::Undefined;
  }

  // Clip's min and max (inputs 1 and 2 from opset 11; the normalizer rewrites older ones) are
  // absent or constant.
  bool hasConstantBounds(const Node& clip) const {
    for (size_t i = 1; i < clip.inputs.size(); ++i)
      if (!clip.inputs[i].empty() && !m_graph.isInitializer(clip.inputs[i])) return false;
    return true;
  }

  bool isOptionalConstant(const Node& node, size_t input) const {
    return node.inputs.size() <= input || node.inputs[input].empty() || m_graph.isInitializer(node.inputs[input]);
  }

  // The weighted layer `node` forms, or false when it stays float (see the header comment).
  bool weightedLayer(const Node& node, int index, QuantizedLayer& layer) const {
    const std::string& op = node.opType;
    if (!isDefaultDomain(node) || node.inputs.size() < 2 || node.outputs.empty()) return false;
    if (op != "Conv" && op != "ConvTranspose" && op != "Gemm" && op != "MatMul") return false;
    const Tensor* weight = m_graph.initializer(node.inputs[1]);
    if (!weight || weight->dtype() != DataType::Float32 || !isFloatActivation(node.inputs[0])) return false;
    if (!isFloatActivation(node.outputs[0])) return false;
    layer.name = node.name;
    layer.op = op;
    layer.node = index;
    layer.weight = node.inputs[1];
    layer.input = node.inputs[0];
    layer.output = node.outputs[0];
    if (op == "Conv" || op == "ConvTranspose") {
      if (!isOptionalConstant(node, 2)) return false;
      // Conv weight [M, C/group, kh, kw]; ConvTranspose weight [C, M/group, kh, kw].
      layer.channelAxis = op == "Conv" ? 0 : 1;
      layer.reductionAxis = op == "Conv" ? 1 : 0;
    } else if (op == "Gemm") {
      // transA = 1 has no Linear counterpart; with the weight as input A, inputs[0] is the
      // initializer and isFloatActivation(inputs[0]) already refused it.
      if (node.attributes.getInt("transA", 0) != 0 || !isOptionalConstant(node, 2)) return false;
      const bool transB = node.attributes.getInt("transB", 0) != 0;
      // transB = 1: B is [N, K] (nn.Linear's weight); transB = 0: B is [K, N].
      layer.channelAxis = transB ? 0 : 1;
      layer.reductionAxis = transB ? 1 : 0;
    } else {
      if (weight->rank() != 2) return false;
      // MatMul B is [K, N]: output channels are its columns.
      layer.channelAxis = 1;
      layer.reductionAxis = 0;
    }
    if (op != "MatMul" && node.inputs.size() > 2) layer.bias = node.inputs[2];
    return true;
  }

  // The Relu (or, when `allowClip`, constant-bound Clip) that is the only reader of `value`, or -1.
  int fusableActivation(const std::string& value, bool allowClip) const {
    if (m_graph.isGraphOutput(value)) return -1;
    auto it = m_consumers.find(value);
    if (it == m_consumers.end() || it->second.size() != 1) return -1;
    const int reader = it->second.front();
    const Node& node = m_graph.nodes[static_cast<size_t>(reader)];
    if (!isDefaultDomain(node) || node.outputs.empty() || node.inputs.empty() || node.inputs[0] != value) return -1;
    for (size_t i = 1; i < node.inputs.size(); ++i)
      if (node.inputs[i] == value) return -1;
    if (node.opType == "Relu") return reader;
    if (allowClip && node.opType == "Clip" && hasConstantBounds(node)) return reader;
    return -1;
  }

  void assignRoles(QuantPlan& plan) {
    m_quantizedOutput.assign(m_graph.nodes.size(), {});
    for (size_t i = 0; i < m_graph.nodes.size(); ++i) {
      if (m_roles[i] == Role::Fused) continue;
      const Node& node = m_graph.nodes[i];
      const int index = static_cast<int>(i);
      QuantizedLayer layer;
      if (weightedLayer(node, index, layer)) {
        layer.fusedActivation = fusableActivation(layer.output, true);
        if (layer.fusedActivation >= 0) {
          m_roles[static_cast<size_t>(layer.fusedActivation)] = Role::Fused;
          layer.output = m_graph.nodes[static_cast<size_t>(layer.fusedActivation)].outputs[0];
        }
        m_roles[i] = Role::Layer;
        m_quantizedOutput[i] = layer.output;
        plan.layers.push_back(std::move(layer));
        continue;
      }
      if (!isDefaultDomain(node) || node.outputs.empty() || node.inputs.empty() ||
          !isFloatActivation(node.outputs[0]))
        continue;
      const std::string& op = node.opType;
      if (op == "Add" || op == "Mul" || op == "Concat") {
        m_roles[i] = Role::Arithmetic;
        m_quantizedOutput[i] = node.outputs[0];
        const int fused = op == "Concat" ? -1 : fusableActivation(node.outputs[0], false);
        if (fused >= 0) {
          m_roles[static_cast<size_t>(fused)] = Role::Fused;
          m_quantizedOutput[i] = m_graph.nodes[static_cast<size_t>(fused)].outputs[0];
        }
      } else if (isSharedQParamsOp(op) && isFloatActivation(node.inputs[0]) &&
                 (op != "Clip" || hasConstantBounds(node))) {
        m_roles[i] = Role::Shared;
        m_quantizedOutput[i] = node.outputs[0];
      }
    }
  }

  // Every tensor a quantized op reads or writes, then one entry each in production order.
  void collectActivations(QuantPlan& plan) const {
    std::set<std::string> needed;
    for (size_t i = 0; i < m_graph.nodes.size(); ++i) {
      const Node& node = m_graph.nodes[i];
      switch (m_roles[i]) {
        case Role::Layer:
        case Role::Shared:
          needed.insert(node.inputs[0]);
          needed.insert(m_quantizedOutput[i]);
          break;
        case Role::Arithmetic:
          for (const std::string& input : node.inputs)
            if (isFloatActivation(input)) needed.insert(input);
          needed.insert(m_quantizedOutput[i]);
          break;
        case Role::Float:
        case Role::Fused:
          break;
      }
    }

    std::map<std::string, size_t> entryOf;
    const auto add = [&](const std::string& tensor, std::string sharesWith) {
      entryOf[tensor] = plan.activations.size();
      plan.activations.push_back({tensor, std::move(sharesWith)});
    };
    for (const ValueInfo& input : m_graph.inputs)
      if (needed.count(input.name)) add(input.name, {});
    for (size_t i = 0; i < m_graph.nodes.size(); ++i) {
      const Node& node = m_graph.nodes[i];
      for (const std::string& output : node.outputs) {
        if (output.empty() || !needed.count(output)) continue;
        if (m_roles[i] == Role::Shared && output == node.outputs[0]) {
          // The input was needed by this node, so it already has an entry (nodes are in
          // topological order); its root is the observed tensor of the chain.
          const QuantizedActivation& source = plan.activations[entryOf.at(node.inputs[0])];
          add(output, source.observed() ? source.tensor : source.sharesQParamsWith);
        } else {
          add(output, {});
        }
      }
    }
  }

  const Graph& m_graph;
  std::vector<Role> m_roles;
  std::vector<std::string> m_quantizedOutput;  // by node: the tensor carrying its quantized output
  std::unordered_map<std::string, std::vector<int>> m_consumers;  // value → reading nodes, in order
};

}  // namespace

QuantPlan planQuantization(const Graph& graph) { return Planner(graph).plan(); }

}  // namespace quantlens
