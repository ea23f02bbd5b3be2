// The executor's plumbing, with test kernels so it is checked apart from the real operators.
#include "core/runtime/executor.h"

#include <gtest/gtest.h>

namespace quantlens {
namespace {

void addOne(OpContext& context) {
  Tensor out = context.input(0);
  for (float& v : out.values<float>()) v += 1.0f;
  context.setOutput(0, std::move(out));
}

void sum(OpContext& context) {
  Tensor out = context.input(0);
  for (size_t i = 1; i < context.inputCount(); ++i)
    for (int64_t e = 0; e < out.numel(); ++e)
      out.data<float>()[e] += context.input(i).data<float>()[e];
  context.setOutput(0, std::move(out));
}

OpRegistry testRegistry() {
  OpRegistry registry;
  registry.add("AddOne", addOne);
  registry.add("Sum", sum);
  return registry;
}

Node node(std::string name, std::string op, std::vector<std::string> in, std::vector<std::string> out) {
  Node n;
  n.name = std::move(name);
  n.opType = std::move(op);
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  return n;
}

Graph diamond() {
  // x → a=x+1 → b=a+1 ; c = a + b + w  (w an initializer)
  Graph g;
  g.inputs.push_back({"x", DataType::Float32, {}, false});
  g.initializers["w"] = Tensor::fromVector<float>({2}, {10, 20});
  g.nodes.push_back(node("n1", "AddOne", {"x"}, {"a"}));
  g.nodes.push_back(node("n2", "AddOne", {"a"}, {"b"}));
  g.nodes.push_back(node("n3", "Sum", {"a", "b", "w"}, {"c"}));
  g.outputs.push_back({"c", DataType::Float32, {}, false});
  return g;
}

TEST(Executor, RunsNodesInOrderAndReadsInitializers) {
  const Graph g = diamond();
  const OpRegistry registry = testRegistry();
  Executor executor(g, registry);
  auto out = executor.run({Tensor::fromVector<float>({2}, {1, 2})});
  ASSERT_EQ(out.size(), 1u);
  // a = [2,3], b = [3,4], c = a+b+w = [15, 27]
  EXPECT_EQ(out[0].toFloatVector(), (std::vector<float>{15, 27}));
}

TEST(Executor, HooksSeeEveryNodeAndMayRewriteOutputs) {
  const Graph g = diamond();
  const OpRegistry registry = testRegistry();
  Executor executor(g, registry);
  std::vector<std::string> seen;
  ExecutionHooks hooks;
  hooks.onGraphInput = [](const std::string&, Tensor& t) { t.data<float>()[0] = 0; };
  hooks.afterNode = [&](const Node& n, std::span<Tensor> outputs) {
    seen.push_back(n.name);
    if (n.name == "n2") outputs[0].data<float>()[1] = 100;
  };
  auto out = executor.run({Tensor::fromVector<float>({2}, {1, 2})}, &hooks);
  EXPECT_EQ(seen, (std::vector<std::string>{"n1", "n2", "n3"}));
  // a = [1,3], b = [2,100] → c = [13, 123]
  EXPECT_EQ(out[0].toFloatVector(), (std::vector<float>{13, 123}));
}

TEST(Executor, ListsEveryUnsupportedOperatorAtOnce) {
  Graph g = diamond();
  g.nodes.push_back(node("m1", "Mystery", {"c"}, {"d"}));
  g.nodes.push_back(node("m2", "Mystery", {"d"}, {"e"}));
  g.nodes.push_back(node("z", "Zeta", {"e"}, {"f"}));
  const OpRegistry registry = testRegistry();
  try {
    Executor executor(g, registry);
    FAIL() << "expected UnsupportedOperatorsError";
  } catch (const UnsupportedOperatorsError& e) {
    ASSERT_EQ(e.operators().size(), 2u);
    EXPECT_EQ(e.operators()[0].opType, "Mystery");
    EXPECT_EQ(e.operators()[0].nodeNames, (std::vector<std::string>{"m1", "m2"}));
    EXPECT_EQ(e.operators()[1].opType, "Zeta");
    EXPECT_NE(std::string(e.what()).find("'m2'"), std::string::npos);
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  }
}

TEST(Executor, RefusesTheWrongNumberOfInputs) {
  const Graph g = diamond();
  const OpRegistry registry = testRegistry();
  Executor executor(g, registry);
  EXPECT_THROW(executor.run({}), Error);
}

TEST(Graph, SortsNodesTopologically) {
  Graph g = diamond();
  std::swap(g.nodes[0], g.nodes[2]);
  g.sortTopologically();
  EXPECT_EQ(g.nodes[0].name, "n1");
  EXPECT_EQ(g.nodes[2].name, "n3");
  g.nodes.push_back(node("bad", "AddOne", {"nowhere"}, {"q"}));
  EXPECT_THROW(g.sortTopologically(), Error);
}

}  // namespace
}  // namespace quantlens
