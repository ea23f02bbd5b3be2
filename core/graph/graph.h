// The engine's model of a network: nodes in topological order, weights, inputs and outputs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/graph/node.h"
#include "core/tensor/tensor.h"

namespace quantlens {

// A dimension is a number, or a symbol ("batch", "N") when the model leaves it open.
struct Dim {
  int64_t value = -1;  // -1 while symbolic or unknown
  std::string symbol;
  bool isKnown() const { return value >= 0; }
};

struct ValueInfo {
  std::string name;
  DataType dtype = DataType::Undefined;
  std::vector<Dim> shape;
  bool hasShape = false;  // false when the model gives no shape at all
};

// "float32 [batch, 1, 28, 28]"
std::string describeValue(const ValueInfo& value);
// "[batch, 1, 28, 28]"
std::string describeShape(const std::vector<Dim>& shape);

class Graph {
public:
  std::string name;
  int64_t opset = 0;  // of the default ONNX domain
  std::vector<Node> nodes;  // topologically sorted
  std::map<std::string, Tensor> initializers;  // weights and folded constants
  std::vector<ValueInfo> inputs;   // graph inputs that are not initializers
  std::vector<ValueInfo> outputs;
  std::map<std::string, ValueInfo> valueInfo;  // known shapes of intermediate values

  bool isInitializer(const std::string& value) const { return initializers.count(value) != 0; }
  const Tensor* initializer(const std::string& value) const;

  // Index of the node producing `value`, or -1 for graph inputs, initializers and unknown names.
  int producerOf(const std::string& value) const;
  // Indices of the nodes reading `value`, in order.
  std::vector<int> consumersOf(const std::string& value) const;
  bool isGraphOutput(const std::string& value) const;

  // Renames every read of `from` into `to` (node inputs and graph outputs).
  void replaceUses(const std::string& from, const std::string& to);
  // Removes nodes by index and initializers no node or output reads any longer.
  void removeNodes(std::vector<int> indices);
  void removeUnusedInitializers();

  // Sorts `nodes` so every input is produced before it is read; throws on a cycle or an input
  // that nothing produces.
  void sortTopologically();

  // Total elements of float initializers (the parameter count).
  int64_t parameterCount() const;
};

struct Model {
  Graph graph;
  std::filesystem::path path;
  std::string producerName;
  std::string producerVersion;
  int64_t irVersion = 0;
  std::map<std::string, int64_t> opsetImports;  // domain → version
  std::map<std::string, std::string> metadata;
};

}  // namespace quantlens
