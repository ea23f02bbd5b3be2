// Where the values of a graph run live: one slot per value name, and the step after which each
// computed value is read no more and can be freed. Shared by the float and the int8 executors.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/graph/graph.h"

namespace quantlens {

// The slots one step reads and writes.
struct StepSlots {
  std::vector<int> inputs;     // -1 for absent optional inputs
  std::vector<int> outputs;    // -1 for absent optional outputs
  std::vector<int> freeAfter;  // slots of computed values whose last reader is this step
};

// The finished plan. Graph inputs take the first slots; the others are numbered as steps first
// name them (inputs before outputs), then graph outputs.
struct SlotPlan {
  std::vector<std::string> names;        // by slot
  std::vector<const Tensor*> constants;  // by slot: the initializer, nullptr for given or computed values
  std::vector<int> inputSlots;           // by graph input
  std::vector<int> outputSlots;          // by graph output
  std::vector<StepSlots> steps;          // in the order they were added
};

// Builds a SlotPlan step by step, in the order the steps will run. Initializers and graph outputs
// are never freed; graph inputs and computed values are freed after their last reader.
class SlotPlanner {
public:
  explicit SlotPlanner(const Graph& graph);

  // The next step: it reads `inputs` and writes `outputs` (empty names for absent optional ones).
  // `node` is what an error names. Throws Error when an input is neither an initializer, a graph
  // input nor written by an earlier step.
  void addStep(const Node& node, std::span<const std::string> inputs, std::span<const std::string> outputs);

  // Slots for the graph outputs and each step's freeAfter. Throws Error when a graph output is
  // neither an initializer, a graph input nor written by a step.
  SlotPlan finish() &&;

private:
  int slot(const std::string& name);
  bool isKnown(const std::string& name) const;

  const Graph& m_graph;
  std::unordered_map<std::string, int> m_slotOf;
  std::vector<int> m_lastReader;  // by slot: the last step reading it, -1 when none does
  SlotPlan m_plan;
};

}  // namespace quantlens
