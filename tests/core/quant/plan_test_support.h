// Test support for placement and calibration: hand-built graphs and an in-memory image dataset.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/data/dataset.h"
#include "core/error.h"
#include "core/graph/graph.h"

namespace quantlens::testing {

inline Node makeNode(std::string name, std::string op, std::vector<std::string> inputs,
                     std::vector<std::string> outputs, Attributes attributes = {}) {
  Node node;
  node.name = std::move(name);
  node.opType = std::move(op);
  node.inputs = std::move(inputs);
  node.outputs = std::move(outputs);
  node.attributes = std::move(attributes);
  return node;
}

inline Attributes intAttribute(const std::string& name, int64_t value) {
  Attributes attributes;
  attributes.set(name, value);
  return attributes;
}

// A graph with one float input `x` of shape [N, dims...] and the given outputs, opset 13.
inline Graph graphWithInput(const std::vector<int64_t>& dims, std::vector<std::string> outputs) {
  Graph graph;
  graph.name = "hand-built";
  graph.opset = 13;
  ValueInfo input{"x", DataType::Float32, {{-1, "N"}}, true};
  for (int64_t d : dims) input.shape.push_back({d, {}});
  graph.inputs.push_back(input);
  for (std::string& output : outputs) graph.outputs.push_back({std::move(output), DataType::Float32, {}, false});
  return graph;
}

// Gray images held in memory; sample `failing` (if any) throws like an undecodable file.
class InMemoryDataset : public Dataset {
public:
  InMemoryDataset(std::vector<Image> images, int64_t failing = -1) : m_images(std::move(images)), m_failing(failing) {}

  int64_t size() const override { return static_cast<int64_t>(m_images.size()); }
  bool hasLabels() const override { return false; }
  int64_t label(int64_t) const override { return -1; }
  const std::vector<std::string>& classNames() const override { return m_classNames; }
  Image load(int64_t index) const override {
    if (index == m_failing) throw Error("image #" + std::to_string(index) + " is corrupt");
    return m_images[static_cast<size_t>(index)];
  }
  std::string sampleName(int64_t index) const override { return "image #" + std::to_string(index); }
  std::string describe() const override { return "in-memory images (" + std::to_string(size()) + ")"; }

private:
  std::vector<Image> m_images;
  int64_t m_failing;
  std::vector<std::string> m_classNames;
};

}  // namespace quantlens::testing
