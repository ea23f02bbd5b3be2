// Constant folding by running each foldable node once through the executor.
#include "core/graph/passes/fold_constants.h"

#include <algorithm>

#include "core/runtime/executor.h"

namespace quantlens {

bool isFoldable(const Node& node, const OpRegistry& registry) {
  static const std::vector<std::string> kKept = {"QuantizeLinear", "DequantizeLinear"};
  if (std::find(kKept.begin(), kKept.end(), node.opType) != kKept.end()) return false;
  return registry.supports(node.domain, node.opType);
}

int foldConstants(Graph& graph, const OpRegistry& registry) {
  std::vector<int> folded;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    if (!isFoldable(node, registry)) continue;
    const bool allConstant = std::all_of(node.inputs.begin(), node.inputs.end(), [&](const std::string& in) {
      return in.empty() || graph.isInitializer(in);
    });
    if (!allConstant) continue;

    Graph single;
    single.opset = graph.opset;
    single.nodes.push_back(node);
    for (const std::string& in : node.inputs)
      if (!in.empty()) single.initializers[in] = *graph.initializer(in);
    for (const std::string& out : node.outputs)
      if (!out.empty()) single.outputs.push_back({out, DataType::Undefined, {}, false});
    std::vector<Tensor> values = Executor(single, registry).run({});
    size_t v = 0;
    for (const std::string& out : node.outputs)
      if (!out.empty()) graph.initializers[out] = std::move(values[v++]);
    folded.push_back(static_cast<int>(i));
  }
  graph.removeNodes(folded);
  return static_cast<int>(folded.size());
}

}  // namespace quantlens
