// The executors' slot plan on hand-built graphs: slot numbering, and after which step each value is freed.
#include "core/runtime/slot_planner.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantlens {
namespace {

using Slots = std::vector<int>;

Node node(std::string name, std::vector<std::string> in, std::vector<std::string> out) {
  Node n;
  n.name = std::move(name);
  n.opType = "Test";
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  return n;
}

SlotPlan planAll(const Graph& graph) {
  SlotPlanner planner(graph);
  for (const Node& n : graph.nodes) planner.addStep(n, n.inputs, n.outputs);
  return std::move(planner).finish();
}

// x → n1 → a; a → n2 → b and a → n3 → c (a read twice, n3's second input absent);
// n4 joins b, c and the initializer w into d; n5 reads d and w into e (its second output absent).
// Graph outputs e, then d: d is also read by n5 but must be kept.
Graph diamond() {
  Graph g;
  g.inputs.push_back({"x", DataType::Float32, {}, false});
  g.initializers["w"] = Tensor::fromVector<float>({1}, {1});
  g.nodes.push_back(node("n1", {"x"}, {"a"}));
  g.nodes.push_back(node("n2", {"a"}, {"b"}));
  g.nodes.push_back(node("n3", {"a", ""}, {"c"}));
  g.nodes.push_back(node("n4", {"b", "c", "w"}, {"d"}));
  g.nodes.push_back(node("n5", {"d", "w"}, {"e", ""}));
  g.outputs.push_back({"e", DataType::Float32, {}, false});
  g.outputs.push_back({"d", DataType::Float32, {}, false});
  return g;
}

TEST(SlotPlanner, NumbersGraphInputsFirstThenValuesAsStepsNameThem) {
  const Graph g = diamond();
  const SlotPlan plan = planAll(g);
  // x is the graph input; then n1 names a, n2 b, n3 c, n4 w (an input) before d, n5 e.
  EXPECT_EQ(plan.names, (std::vector<std::string>{"x", "a", "b", "c", "w", "d", "e"}));
  EXPECT_EQ(plan.inputSlots, (Slots{0}));
  EXPECT_EQ(plan.outputSlots, (Slots{6, 5}));
  ASSERT_EQ(plan.steps.size(), 5u);
  EXPECT_EQ(plan.steps[0].inputs, (Slots{0}));
  EXPECT_EQ(plan.steps[0].outputs, (Slots{1}));
  EXPECT_EQ(plan.steps[1].inputs, (Slots{1}));
  EXPECT_EQ(plan.steps[2].inputs, (Slots{1, -1}));  // absent optional input
  EXPECT_EQ(plan.steps[3].inputs, (Slots{2, 3, 4}));
  EXPECT_EQ(plan.steps[3].outputs, (Slots{5}));
  EXPECT_EQ(plan.steps[4].inputs, (Slots{5, 4}));
  EXPECT_EQ(plan.steps[4].outputs, (Slots{6, -1}));  // absent optional output
}

TEST(SlotPlanner, KnowsTheInitializerOfEveryConstantSlot) {
  const Graph g = diamond();
  const SlotPlan plan = planAll(g);
  ASSERT_EQ(plan.constants.size(), plan.names.size());
  for (size_t s = 0; s < plan.names.size(); ++s)
    EXPECT_EQ(plan.constants[s], plan.names[s] == "w" ? g.initializer("w") : nullptr) << plan.names[s];
}

TEST(SlotPlanner, FreesEachValueAfterItsLastReaderButNeverOutputsOrInitializers) {
  const SlotPlan plan = planAll(diamond());
  // x (slot 0) is read last by n1; a (1) by n3, not n2; b (2) and c (3) by n4.
  // w (4) is an initializer and d (5) a graph output, though n5 reads both; e (6) is read by none.
  EXPECT_EQ(plan.steps[0].freeAfter, (Slots{0}));
  EXPECT_EQ(plan.steps[1].freeAfter, (Slots{}));
  EXPECT_EQ(plan.steps[2].freeAfter, (Slots{1}));
  EXPECT_EQ(plan.steps[3].freeAfter, (Slots{2, 3}));
  EXPECT_EQ(plan.steps[4].freeAfter, (Slots{}));
}

TEST(SlotPlanner, PlansTheNamesAStepReadsAndWritesNotItsNodes) {
  // x → n1 → a → n2 → b → n3 → c, planned as the int8 executor plans a fused activation: one step
  // for n1 writing n2's output b, one for n3. a is in no step, so it takes no slot.
  Graph g;
  g.inputs.push_back({"x", DataType::Float32, {}, false});
  g.nodes.push_back(node("n1", {"x"}, {"a"}));
  g.nodes.push_back(node("n2", {"a"}, {"b"}));
  g.nodes.push_back(node("n3", {"b"}, {"c"}));
  g.outputs.push_back({"c", DataType::Float32, {}, false});
  const std::vector<std::string> x{"x"}, b{"b"}, c{"c"};
  SlotPlanner planner(g);
  planner.addStep(g.nodes[0], x, b);
  planner.addStep(g.nodes[2], b, c);
  const SlotPlan plan = std::move(planner).finish();
  EXPECT_EQ(plan.names, (std::vector<std::string>{"x", "b", "c"}));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].outputs, (Slots{1}));
  EXPECT_EQ(plan.steps[0].freeAfter, (Slots{0}));  // x, read by the first step only
  EXPECT_EQ(plan.steps[1].freeAfter, (Slots{1}));  // b, read last by n3's step
  EXPECT_EQ(plan.outputSlots, (Slots{2}));
}

TEST(SlotPlanner, RefusesAValueReadBeforeAnyStepWritesIt) {
  Graph g = diamond();
  std::swap(g.nodes[0], g.nodes[1]);  // n2 now reads a before n1 writes it
  try {
    planAll(g);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "Test node 'n2': input 'a' is not produced before it is read");
  }
}

TEST(SlotPlanner, RefusesAGraphOutputNoStepWrites) {
  Graph g = diamond();
  g.outputs.push_back({"ghost", DataType::Float32, {}, false});
  try {
    planAll(g);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "graph output 'ghost' is produced by no node");
  }
}

}  // namespace
}  // namespace quantlens
