// Shape inference by execution, and batch-independent shape folding.
#include "core/graph/passes/infer_shapes.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "core/graph/passes/fold_constants.h"
#include "core/runtime/executor.h"

namespace quantlens {
namespace {

std::vector<Tensor> zeroInputs(const Graph& graph, int64_t batch) {
  std::vector<Tensor> inputs;
  const auto shapes = concreteInputShapes(graph, batch);
  for (size_t i = 0; i < shapes.size(); ++i) {
    const DataType type = graph.inputs[i].dtype == DataType::Undefined ? DataType::Float32 : graph.inputs[i].dtype;
    inputs.push_back(Tensor::zeros(type, shapes[i]));
  }
  return inputs;
}

bool isInteger(DataType type) { return !isFloatingPoint(type) && type != DataType::Undefined; }

// Small integer values produced by each node output, for one batch size.
std::map<std::string, Tensor> integerValues(const Graph& graph, int64_t batch) {
  constexpr int64_t kMaxElements = 64;
  std::map<std::string, Tensor> values;
  ExecutionHooks hooks;
  hooks.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    for (size_t o = 0; o < outputs.size(); ++o)
      if (!outputs[o].empty() && isInteger(outputs[o].dtype()) && outputs[o].numel() <= kMaxElements)
        values[node.outputs[o]] = outputs[o];
  };
  Executor(graph).run(zeroInputs(graph, batch), &hooks);
  return values;
}

bool sameValues(const Tensor& a, const Tensor& b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() && a.toInt64Vector() == b.toInt64Vector();
}

void removeDeadNodes(Graph& graph) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = graph.nodes.size(); i-- > 0;) {
      const Node& node = graph.nodes[i];
      const bool used = std::any_of(node.outputs.begin(), node.outputs.end(), [&](const std::string& out) {
        return !out.empty() && (graph.isGraphOutput(out) || !graph.consumersOf(out).empty());
      });
      if (!used) {
        graph.removeNodes({static_cast<int>(i)});
        changed = true;
      }
    }
  }
}

}  // namespace

std::vector<Shape> concreteInputShapes(const Graph& graph, int64_t batch) {
  std::vector<Shape> shapes;
  for (const ValueInfo& input : graph.inputs) {
    if (!input.hasShape)
      throw Error("graph input '" + input.name + "' declares no shape; its shape cannot be inferred");
    Shape shape;
    for (size_t d = 0; d < input.shape.size(); ++d) {
      const Dim& dim = input.shape[d];
      if (dim.isKnown()) shape.push_back(dim.value);
      else if (d == 0) shape.push_back(batch);
      else
        throw Error("graph input '" + input.name + "' has symbolic dimension '" + dim.symbol +
                    "' at position " + std::to_string(d) + "; only the batch (first) dimension may be open");
    }
    shapes.push_back(std::move(shape));
  }
  return shapes;
}

void inferShapes(Graph& graph, int64_t batch) {
  std::vector<Tensor> inputs = zeroInputs(graph, batch);
  for (size_t i = 0; i < inputs.size(); ++i) {
    ValueInfo info{graph.inputs[i].name, inputs[i].dtype(), {}, true};
    for (int64_t d : inputs[i].shape()) info.shape.push_back({d, {}});
    graph.valueInfo[info.name] = info;
  }
  ExecutionHooks hooks;
  hooks.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    for (size_t o = 0; o < outputs.size(); ++o) {
      if (outputs[o].empty()) continue;
      ValueInfo info{node.outputs[o], outputs[o].dtype(), {}, true};
      for (int64_t d : outputs[o].shape()) info.shape.push_back({d, {}});
      graph.valueInfo[info.name] = std::move(info);
    }
  };
  Executor(graph).run(std::move(inputs), &hooks);
}

int foldShapeComputations(Graph& graph) {
  std::map<std::string, Tensor> small, large;
  try {
    small = integerValues(graph, 2);
    large = integerValues(graph, 3);
  } catch (const Error&) {
    return 0;  // the graph does not run on zeros of two batch sizes: leave it as it is
  }
  const size_t before = graph.nodes.size();
  std::set<std::string> shapeDerived;
  std::vector<int> folded;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    const bool readsShapes = node.opType == "Shape" || node.opType == "Size" ||
        std::all_of(node.inputs.begin(), node.inputs.end(), [&](const std::string& in) {
          return in.empty() || graph.isInitializer(in) || shapeDerived.count(in);
        });
    if (!readsShapes) continue;
    bool constant = true;
    for (const std::string& out : node.outputs) {
      if (out.empty()) continue;
      if (!small.count(out) || !large.count(out)) {
        constant = false;
        continue;
      }
      shapeDerived.insert(out);
      constant = constant && sameValues(small[out], large[out]);
    }
    if (!constant) continue;
    for (const std::string& out : node.outputs)
      if (!out.empty()) graph.initializers[out] = small[out];
    folded.push_back(static_cast<int>(i));
  }
  graph.removeNodes(folded);
  removeDeadNodes(graph);
  foldConstants(graph);
  return static_cast<int>(before - graph.nodes.size());
}

}  // namespace quantlens
