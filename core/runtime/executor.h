// Runs a graph in float: the ground truth every quantized result is measured against.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/graph/graph.h"
#include "core/runtime/op_registry.h"
#include "core/runtime/slot_planner.h"

namespace quantlens {

// Optional callbacks that observe or rewrite tensors as they are produced (calibration reads
// them, fake quantization rewrites them). Neither may change a tensor's shape.
struct ExecutionHooks {
  // Called once per graph input, before any node reads it.
  std::function<void(const std::string& name, Tensor& value)> onGraphInput;
  // Called after each node with its freshly computed outputs.
  std::function<void(const Node& node, std::span<Tensor> outputs)> afterNode;
};

class Executor {
public:
  // Resolves every node's kernel; throws UnsupportedOperatorsError listing all unknown operators.
  explicit Executor(const Graph& graph, const OpRegistry& registry = OpRegistry::builtin());

  const Graph& graph() const { return m_graph; }

  // Inputs in the order of graph().inputs; returns the outputs in the order of graph().outputs.
  // Each intermediate tensor is freed after its last reader, so memory stays bounded.
  std::vector<Tensor> run(std::vector<Tensor> inputs, const ExecutionHooks* hooks = nullptr) const;

  // UnsupportedOperatorsError listing every unknown operator of `graph`, before any other work.
  static void requireSupported(const Graph& graph, const OpRegistry& registry = OpRegistry::builtin());
  // Nodes whose operator the registry lacks, grouped by type (empty when all are supported).
  static std::vector<UnsupportedOperator> unsupportedOperators(const Graph& graph,
                                                               const OpRegistry& registry);

private:
  // Error when a given input contradicts the type or the fixed dimensions the model declares.
  static void checkInput(const ValueInfo& declared, const Tensor& value);

  struct Step {
    OpKernel kernel;
    StepSlots io;  // the slots it reads, writes and frees ("slots" is a Qt macro in GUI code)
  };

  const Graph& m_graph;
  std::vector<Step> m_steps;
  std::vector<const Tensor*> m_constantSlots;  // initializers, by slot (nullptr for computed values)
  std::vector<int> m_inputSlots;
  std::vector<int> m_outputSlots;
};

}  // namespace quantlens
