// Graph queries and edits shared by the passes.
#include "core/graph/graph.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"

namespace quantlens {

std::string describeShape(const std::vector<Dim>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ", ";
    text += shape[i].isKnown() ? std::to_string(shape[i].value) : (shape[i].symbol.empty() ? "?" : shape[i].symbol);
  }
  return text + "]";
}

std::string describeValue(const ValueInfo& value) {
  const std::string type(dataTypeName(value.dtype));
  return value.hasShape ? type + " " + describeShape(value.shape) : type + " (shape not declared)";
}

const Tensor* Graph::initializer(const std::string& value) const {
  auto it = initializers.find(value);
  return it == initializers.end() ? nullptr : &it->second;
}

int Graph::producerOf(const std::string& value) const {
  for (size_t i = 0; i < nodes.size(); ++i)
    for (const std::string& out : nodes[i].outputs)
      if (out == value) return static_cast<int>(i);
  return -1;
}

std::vector<int> Graph::consumersOf(const std::string& value) const {
  std::vector<int> consumers;
  for (size_t i = 0; i < nodes.size(); ++i)
    if (std::find(nodes[i].inputs.begin(), nodes[i].inputs.end(), value) != nodes[i].inputs.end())
      consumers.push_back(static_cast<int>(i));
  return consumers;
}

bool Graph::isGraphOutput(const std::string& value) const {
  return std::any_of(outputs.begin(), outputs.end(),
                     [&](const ValueInfo& o) { return o.name == value; });
}

void Graph::replaceUses(const std::string& from, const std::string& to) {
  for (Node& node : nodes)
    for (std::string& in : node.inputs)
      if (in == from) in = to;
  for (ValueInfo& out : outputs)
    if (out.name == from) out.name = to;
}

void Graph::removeNodes(std::vector<int> indices) {
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  for (auto it = indices.rbegin(); it != indices.rend(); ++it) nodes.erase(nodes.begin() + *it);
  removeUnusedInitializers();
}

void Graph::removeUnusedInitializers() {
  std::unordered_set<std::string> used;
  for (const Node& node : nodes) used.insert(node.inputs.begin(), node.inputs.end());
  for (const ValueInfo& out : outputs) used.insert(out.name);
  std::erase_if(initializers, [&](const auto& entry) { return !used.count(entry.first); });
}

void Graph::sortTopologically() {
  std::unordered_set<std::string> available;
  for (const ValueInfo& in : inputs) available.insert(in.name);
  for (const auto& entry : initializers) available.insert(entry.first);
  available.insert("");

  std::vector<Node> sorted;
  sorted.reserve(nodes.size());
  std::vector<bool> placed(nodes.size(), false);
  bool progress = true;
  while (sorted.size() < nodes.size() && progress) {
    progress = false;
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (placed[i]) continue;
      const Node& node = nodes[i];
      if (!std::all_of(node.inputs.begin(), node.inputs.end(),
                       [&](const std::string& in) { return available.count(in) != 0; }))
        continue;
      placed[i] = true;
      progress = true;
      available.insert(node.outputs.begin(), node.outputs.end());
      sorted.push_back(std::move(nodes[i]));
    }
  }
  if (sorted.size() < nodes.size()) {
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (placed[i]) continue;
      for (const std::string& in : nodes[i].inputs)
        if (!available.count(in))
          throw Error(nodes[i].label() + ": input '" + in +
                      "' is neither a graph input, an initializer nor produced by a node "
                      "(or the graph has a cycle)");
    }
  }
  nodes = std::move(sorted);
}

int64_t Graph::parameterCount() const {
  int64_t count = 0;
  for (const auto& [value, tensor] : initializers)
    if (isFloatingPoint(tensor.dtype())) count += tensor.numel();
  return count;
}

}  // namespace quantlens
