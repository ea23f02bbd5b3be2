// Graph passes: each must leave the model's outputs unchanged while simplifying the graph.
#include <gtest/gtest.h>

#include <random>

#include "core/graph/onnx_import.h"
#include "core/graph/passes/fold_batch_norm.h"
#include "core/graph/passes/infer_shapes.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/graph/passes/remove_identities.h"
#include "core/runtime/executor.h"
#include "tests/support/op_runner.h"

namespace quantlens {
namespace {

const std::string kDemoModel = QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx";

Node makeNode(std::string name, std::string op, std::vector<std::string> in, std::vector<std::string> out,
              Attributes attributes = {}) {
  Node n;
  n.name = std::move(name);
  n.opType = std::move(op);
  n.inputs = std::move(in);
  n.outputs = std::move(out);
  n.attributes = std::move(attributes);
  return n;
}

int countOps(const Graph& g, const std::string& op) {
  return static_cast<int>(std::count_if(g.nodes.begin(), g.nodes.end(), [&](const Node& n) { return n.opType == op; }));
}

Tensor randomImages(int64_t batch) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(batch * 28 * 28));
  for (float& x : v) x = dist(rng);
  return Tensor::fromVector<float>({batch, 1, 28, 28}, v);
}

TEST(FoldBatchNorm, FoldsAHandMadeConvBnPair) {
  // 1×1 conv with one input and two output channels: y_c = w_c·x + b_c, then BN per channel.
  Graph g;
  g.opset = 13;
  g.inputs.push_back({"x", DataType::Float32, {{-1, "N"}, {1, {}}, {1, {}}, {2, {}}}, true});
  g.initializers["w"] = Tensor::fromVector<float>({2, 1, 1, 1}, {2.0f, -1.0f});
  g.initializers["b"] = Tensor::fromVector<float>({2}, {1.0f, 0.5f});
  g.initializers["gamma"] = Tensor::fromVector<float>({2}, {3.0f, 1.0f});
  g.initializers["beta"] = Tensor::fromVector<float>({2}, {0.0f, 2.0f});
  g.initializers["mean"] = Tensor::fromVector<float>({2}, {1.0f, 0.0f});
  g.initializers["var"] = Tensor::fromVector<float>({2}, {4.0f, 1.0f});
  Attributes eps;
  eps.set("epsilon", 0.0f);
  g.nodes.push_back(makeNode("conv", "Conv", {"x", "w", "b"}, {"c"}));
  g.nodes.push_back(makeNode("bn", "BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"y"}, eps));
  g.outputs.push_back({"y", DataType::Float32, {}, false});

  ASSERT_EQ(foldBatchNorm(g), 1);
  ASSERT_EQ(g.nodes.size(), 1u);
  // channel 0: s = 3/sqrt(4) = 1.5 → w' = 3, b' = (1 − 1)·1.5 + 0 = 0
  // channel 1: s = 1/sqrt(1) = 1   → w' = −1, b' = (0.5 − 0)·1 + 2 = 2.5
  EXPECT_EQ(g.initializer(g.nodes[0].inputs[1])->toFloatVector(), (std::vector<float>{3.0f, -1.0f}));
  EXPECT_EQ(g.initializer(g.nodes[0].inputs[2])->toFloatVector(), (std::vector<float>{0.0f, 2.5f}));
  EXPECT_EQ(g.nodes[0].outputs[0], "y");
}

TEST(FoldBatchNorm, KeepsTheDemoModelsOutputs) {
  Model model = importOnnxFile(kDemoModel);
  Graph unfolded = model.graph;
  prepareForExecution(unfolded);
  Graph folded = unfolded;
  const int bnCount = countOps(unfolded, "BatchNormalization");
  ASSERT_GT(bnCount, 0) << "the demo model keeps its BatchNormalization nodes unfused";
  EXPECT_EQ(foldBatchNorm(folded), bnCount);
  EXPECT_EQ(countOps(folded, "BatchNormalization"), 0);

  const Tensor input = randomImages(4);
  const auto expected = Executor(unfolded).run({input});
  const auto actual = Executor(folded).run({input});
  testing::expectTensorNear(actual[0], expected[0], 1e-4, 1e-4);
}

TEST(FoldShapeComputations, FoldsOnlyWhatDoesNotDependOnTheBatch) {
  // Reshape(x, Concat(Unsqueeze(Shape(x)[0]), Unsqueeze(Shape(x)[1]·Shape(x)[2]))): x.view(N, -1)
  // written the long way, as exporters do.
  Graph g;
  g.opset = 13;
  g.inputs.push_back({"x", DataType::Float32, {{-1, "N"}, {2, {}}, {3, {}}}, true});
  g.initializers["i0"] = Tensor::scalar<int64_t>(0);
  g.initializers["i1"] = Tensor::scalar<int64_t>(1);
  g.initializers["i2"] = Tensor::scalar<int64_t>(2);
  g.initializers["axes"] = Tensor::fromVector<int64_t>({1}, {0});
  Attributes axis0;
  axis0.set("axis", int64_t{0});
  g.nodes.push_back(makeNode("shape", "Shape", {"x"}, {"s"}));
  g.nodes.push_back(makeNode("g0", "Gather", {"s", "i0"}, {"n"}, axis0));
  g.nodes.push_back(makeNode("g1", "Gather", {"s", "i1"}, {"d1"}, axis0));
  g.nodes.push_back(makeNode("g2", "Gather", {"s", "i2"}, {"d2"}, axis0));
  g.nodes.push_back(makeNode("mul", "Mul", {"d1", "d2"}, {"features"}));
  g.nodes.push_back(makeNode("u0", "Unsqueeze", {"n", "axes"}, {"n1"}));
  g.nodes.push_back(makeNode("u1", "Unsqueeze", {"features", "axes"}, {"f1"}));
  g.nodes.push_back(makeNode("cat", "Concat", {"n1", "f1"}, {"target"}, axis0));
  g.nodes.push_back(makeNode("reshape", "Reshape", {"x", "target"}, {"y"}));
  g.outputs.push_back({"y", DataType::Float32, {}, false});

  foldShapeComputations(g);
  // g1, g2, mul and u1 become the constant 6; the batch-dependent Shape→g0→u0→cat chain stays.
  EXPECT_EQ(countOps(g, "Mul"), 0);
  EXPECT_EQ(countOps(g, "Gather"), 1);
  EXPECT_EQ(countOps(g, "Reshape"), 1);
  const auto out = Executor(g).run({Tensor::zeros(DataType::Float32, {5, 2, 3})});
  EXPECT_EQ(out[0].shape(), (Shape{5, 6}));
}

TEST(RemoveIdentities, RewiresReadersAndKeepsGraphOutputNames) {
  Graph g;
  g.opset = 13;
  g.inputs.push_back({"x", DataType::Float32, {}, false});
  g.nodes.push_back(makeNode("relu", "Relu", {"x"}, {"a"}));
  g.nodes.push_back(makeNode("id1", "Identity", {"a"}, {"b"}));
  g.nodes.push_back(makeNode("drop", "Dropout", {"b"}, {"c"}));
  g.nodes.push_back(makeNode("id2", "Identity", {"c"}, {"y"}));
  g.outputs.push_back({"y", DataType::Float32, {}, false});
  EXPECT_EQ(removeIdentities(g), 3);
  ASSERT_EQ(g.nodes.size(), 1u);
  EXPECT_EQ(g.nodes[0].outputs[0], "y");
  const auto out = Executor(g).run({Tensor::fromVector<float>({2}, {-1, 2})});
  EXPECT_EQ(out[0].toFloatVector(), (std::vector<float>{0, 2}));
}

TEST(InferShapes, RecordsEveryValueAtTheGivenBatch) {
  Model model = importOnnxFile(kDemoModel);
  prepareForAnalysis(model.graph, 8);
  const ValueInfo& logits = model.graph.valueInfo.at(model.graph.outputs[0].name);
  ASSERT_EQ(logits.shape.size(), 2u);
  EXPECT_EQ(logits.shape[0].value, 8);
  EXPECT_EQ(logits.shape[1].value, 10);
  for (const Node& node : model.graph.nodes)
    for (const std::string& out : node.outputs) EXPECT_TRUE(model.graph.valueInfo.count(out)) << out;
}

TEST(InferShapes, NamesASymbolicNonBatchDimension) {
  Graph g;
  g.inputs.push_back({"img", DataType::Float32, {{1, {}}, {3, {}}, {-1, "height"}, {8, {}}}, true});
  try {
    concreteInputShapes(g, 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("height"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace quantlens
