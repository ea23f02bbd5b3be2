// Identity/Dropout removal.
#include "core/graph/passes/remove_identities.h"

#include <algorithm>

namespace quantlens {
namespace {

bool isPassThrough(const Graph& graph, const Node& node) {
  if (!node.domain.empty() || node.inputs.empty() || node.inputs[0].empty()) return false;
  if (node.opType == "Identity") return true;
  if (node.opType != "Dropout") return false;
  // Dropout's mask output must be unread; training_mode (input 2) must be absent (inference).
  if (node.inputs.size() > 2 && !node.inputs[2].empty()) return false;
  if (node.outputs.size() > 1 && !node.outputs[1].empty()) {
    const std::string& mask = node.outputs[1];
    if (graph.isGraphOutput(mask) || !graph.consumersOf(mask).empty()) return false;
  }
  return true;
}

bool isBoundary(const Graph& graph, const std::string& value) {
  return graph.isGraphOutput(value) || graph.isInitializer(value) ||
         std::any_of(graph.inputs.begin(), graph.inputs.end(),
                     [&](const ValueInfo& in) { return in.name == value; });
}

}  // namespace

int removeIdentities(Graph& graph) {
  std::vector<int> removed;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    if (!isPassThrough(graph, node)) continue;
    const std::string source = node.inputs[0];
    const std::string result = node.outputs[0];
    if (!graph.isGraphOutput(result)) {
      graph.replaceUses(result, source);  // readers of the copy read the original
    } else if (!isBoundary(graph, source)) {
      // The copy is a graph output: give its name to the original value instead.
      const int producer = graph.producerOf(source);
      if (producer < 0) continue;
      for (std::string& out : graph.nodes[static_cast<size_t>(producer)].outputs)
        if (out == source) out = result;
      for (Node& reader : graph.nodes)
        for (std::string& in : reader.inputs)
          if (in == source) in = result;
    } else {
      continue;
    }
    removed.push_back(static_cast<int>(i));
  }
  graph.removeNodes(removed);
  return static_cast<int>(removed.size());
}

}  // namespace quantlens
