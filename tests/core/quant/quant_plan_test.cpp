// Quantization placement: PyTorch's default static recipe on hand-built graphs and on the demo model.
#include "core/quant/quant_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "tests/core/quant/plan_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using testing::graphWithInput;
using testing::intAttribute;
using testing::makeNode;

// "name: op in → out, axes c/r" plus " +fused" when an activation is fused.
std::vector<std::string> layerSummary(const Graph& graph, const QuantPlan& plan) {
  std::vector<std::string> lines;
  for (const QuantizedLayer& layer : plan.layers) {
    std::string line = layer.name + ": " + layer.op + " " + layer.input + " -> " + layer.output + ", axes " +
                       std::to_string(layer.channelAxis) + "/" + std::to_string(layer.reductionAxis);
    if (layer.fusedActivation >= 0) line += " +" + graph.nodes[static_cast<size_t>(layer.fusedActivation)].name;
    lines.push_back(line);
  }
  return lines;
}

// "tensor" when observed, "tensor = root" when it shares the root's qparams.
std::vector<std::string> activationSummary(const QuantPlan& plan) {
  std::vector<std::string> lines;
  std::set<std::string> seen;
  for (const QuantizedActivation& activation : plan.activations) {
    EXPECT_TRUE(seen.insert(activation.tensor).second) << "two entries for " << activation.tensor;
    lines.push_back(activation.observed() ? activation.tensor : activation.tensor + " = " + activation.sharesQParamsWith);
  }
  return lines;
}

Tensor weights(Shape shape) { return Tensor::zeros(DataType::Float32, std::move(shape)); }

// x → Conv → Relu → y: the Relu is the Conv's only reader, so it is fused; the pre-activation
// tensor c gets no qparams.
TEST(QuantPlan, FusesAReluThatIsTheLayersOnlyReader) {
  Graph g = graphWithInput({1, 4, 4}, {"y"});
  g.initializers["w"] = weights({2, 1, 1, 1});
  g.initializers["b"] = weights({2});
  g.nodes = {makeNode("conv", "Conv", {"x", "w", "b"}, {"c"}), makeNode("relu", "Relu", {"c"}, {"y"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("conv: Conv x -> y, axes 0/1 +relu"));
  EXPECT_EQ(plan.layers[0].weight, "w");
  EXPECT_EQ(plan.layers[0].bias, "b");
  EXPECT_EQ(plan.layers[0].node, 0);
  EXPECT_EQ(plan.layers[0].fusedActivation, 1);
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "y"));
  EXPECT_THAT(plan.observedTensors(), ElementsAre("x", "y"));
  EXPECT_EQ(plan.findLayer("conv"), &plan.layers[0]);
  EXPECT_EQ(plan.findActivation("c"), nullptr);
}

// c feeds both the Relu and the Add: no fusion. The Relu then shares c's qparams (PyTorch's
// shared-qparams ReLU) and the Add's inputs c, r and its output s are activations.
TEST(QuantPlan, DoesNotFuseWhenTheLayerOutputFeedsTwoNodes) {
  Graph g = graphWithInput({1, 4, 4}, {"s"});
  g.initializers["w"] = weights({2, 1, 1, 1});
  g.nodes = {makeNode("conv", "Conv", {"x", "w"}, {"c"}), makeNode("relu", "Relu", {"c"}, {"r"}),
             makeNode("add", "Add", {"c", "r"}, {"s"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("conv: Conv x -> c, axes 0/1"));
  EXPECT_EQ(plan.layers[0].bias, "");
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "c", "r = c", "s"));
}

// A layer output that is also a graph output keeps its own value, so the Relu is not fused.
TEST(QuantPlan, DoesNotFuseWhenTheLayerOutputIsAGraphOutput) {
  Graph g = graphWithInput({1, 4, 4}, {"c", "y"});
  g.initializers["w"] = weights({2, 1, 1, 1});
  g.nodes = {makeNode("conv", "Conv", {"x", "w"}, {"c"}), makeNode("relu", "Relu", {"c"}, {"y"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("conv: Conv x -> c, axes 0/1"));
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "c", "y = c"));
}

// Gemm B is [N, K] with transB = 1 (nn.Linear's weight: output channels on axis 0) and [K, N]
// with transB = 0 (output channels on axis 1, the sum over axis 0).
TEST(QuantPlan, TakesGemmWeightAxesFromTransB) {
  Graph g = graphWithInput({3}, {"y0", "y1"});
  g.initializers["wt"] = weights({4, 3});
  g.initializers["w"] = weights({3, 4});
  g.initializers["bias"] = weights({4});
  g.nodes = {makeNode("gemmT", "Gemm", {"x", "wt", "bias"}, {"y0"}, intAttribute("transB", 1)),
             makeNode("gemm", "Gemm", {"x", "w"}, {"y1"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("gemmT: Gemm x -> y0, axes 0/1", "gemm: Gemm x -> y1, axes 1/0"));
  EXPECT_EQ(plan.layers[0].bias, "bias");
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "y0", "y1"));
}

// transA = 1, or the constant as input A, has no nn.Linear form: those Gemms stay float, and so
// nothing around them is an activation.
TEST(QuantPlan, LeavesGemmWithTransAOrAConstantAFloat) {
  Graph g = graphWithInput({3}, {"y0", "y1"});
  g.initializers["w"] = weights({3, 4});
  g.nodes = {makeNode("transA", "Gemm", {"x", "w"}, {"y0"}, intAttribute("transA", 1)),
             makeNode("constA", "Gemm", {"w", "x"}, {"y1"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_TRUE(plan.layers.empty());
  EXPECT_TRUE(plan.activations.empty());
}

// MatMul with a constant [K, N] B: output channels are the columns (axis 1). A 3-D constant is a
// batched matmul, not a Linear, and stays float.
TEST(QuantPlan, QuantizesMatMulWithAConstantMatrix) {
  Graph g = graphWithInput({5, 3}, {"y", "z"});
  g.initializers["w"] = weights({3, 4});
  g.initializers["w3"] = weights({2, 3, 4});
  g.nodes = {makeNode("mm", "MatMul", {"x", "w"}, {"y"}), makeNode("bmm", "MatMul", {"x", "w3"}, {"z"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("mm: MatMul x -> y, axes 1/0"));
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "y"));
}

// ConvTranspose weight [C, M/group, kh, kw]: output channels on axis 1, summed over axis 0.
TEST(QuantPlan, TakesConvTransposeWeightAxes) {
  Graph g = graphWithInput({2, 4, 4}, {"y"});
  g.initializers["w"] = weights({2, 3, 2, 2});
  g.nodes = {makeNode("deconv", "ConvTranspose", {"x", "w"}, {"y"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("deconv: ConvTranspose x -> y, axes 1/0"));
}

// Add of two conv outputs: both inputs and the sum are observed on their own.
TEST(QuantPlan, ObservesBothInputsAndTheOutputOfAnAdd) {
  Graph g = graphWithInput({1, 4, 4}, {"s"});
  g.initializers["w1"] = weights({2, 1, 1, 1});
  g.initializers["w2"] = weights({2, 1, 3, 3});
  g.nodes = {makeNode("conv1", "Conv", {"x", "w1"}, {"a"}), makeNode("conv2", "Conv", {"x", "w2"}, {"b"}),
             makeNode("add", "Add", {"a", "b"}, {"s"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("conv1: Conv x -> a, axes 0/1", "conv2: Conv x -> b, axes 0/1"));
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "a", "b", "s"));
}

// PyTorch's (ReLU, add) pattern: a Relu that is the sum's only reader is fused, so the sum gets no
// qparams and the Relu's output is observed. A constant addend (bias) is no activation.
TEST(QuantPlan, FusesAReluAfterAnAddAndKeepsConstantAddendsFloat) {
  Graph g = graphWithInput({1, 4, 4}, {"r", "t"});
  g.initializers["w1"] = weights({2, 1, 1, 1});
  g.initializers["w2"] = weights({2, 1, 1, 1});
  g.initializers["k"] = weights({1, 2, 1, 1});
  g.nodes = {makeNode("conv1", "Conv", {"x", "w1"}, {"a"}), makeNode("conv2", "Conv", {"x", "w2"}, {"b"}),
             makeNode("add", "Add", {"a", "b"}, {"s"}), makeNode("relu", "Relu", {"s"}, {"r"}),
             makeNode("mul", "Mul", {"r", "k"}, {"t"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "a", "b", "r", "t"));
}

// Conv → Relu (fused) → MaxPool → Flatten → Gemm: the pool and the flatten share the fused
// Conv's output qparams; the chain resolves to its root r, not to the MaxPool output.
TEST(QuantPlan, SharesPoolAndFlattenQParamsWithTheRootOfTheChain) {
  Graph g = graphWithInput({1, 4, 4}, {"y"});
  g.initializers["w"] = weights({2, 1, 1, 1});
  g.initializers["fc"] = weights({3, 8});
  Attributes pool;
  pool.set("kernel_shape", std::vector<int64_t>{2, 2});
  pool.set("strides", std::vector<int64_t>{2, 2});
  g.nodes = {makeNode("conv", "Conv", {"x", "w"}, {"c"}), makeNode("relu", "Relu", {"c"}, {"r"}),
             makeNode("pool", "MaxPool", {"r"}, {"m"}, pool), makeNode("flatten", "Flatten", {"m"}, {"f"}),
             makeNode("fc", "Gemm", {"f", "fc"}, {"y"}, intAttribute("transB", 1))};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan),
              ElementsAre("conv: Conv x -> r, axes 0/1 +relu", "fc: Gemm f -> y, axes 0/1"));
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "r", "m = r", "f = r", "y"));
  EXPECT_THAT(plan.observedTensors(), ElementsAre("x", "r", "y"));
}

// AveragePool, GlobalAveragePool, Transpose, Reshape (its shape input is a constant), Squeeze and
// Unsqueeze share too.
TEST(QuantPlan, SharesQParamsThroughShapeOpsAndAveragePools) {
  Graph g = graphWithInput({2, 4, 4}, {"u"});
  g.initializers["w"] = weights({2, 2, 1, 1});
  g.initializers["shape"] = Tensor::fromVector<int64_t>({2}, {-1, 2});
  Attributes pool;
  pool.set("kernel_shape", std::vector<int64_t>{2, 2});
  Attributes perm;
  perm.set("perm", std::vector<int64_t>{0, 1, 3, 2});
  g.nodes = {makeNode("conv", "Conv", {"x", "w"}, {"c"}),           makeNode("avg", "AveragePool", {"c"}, {"a"}, pool),
             makeNode("t", "Transpose", {"a"}, {"t"}, perm),         makeNode("gap", "GlobalAveragePool", {"t"}, {"p"}),
             makeNode("reshape", "Reshape", {"p", "shape"}, {"q"}), makeNode("unsq", "Unsqueeze", {"q"}, {"u"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "c", "a = c", "t = c", "p = c", "q = c", "u = c"));
}

// Softmax has no quantized form: its input stays what the Gemm made it, and its output is
// observed only where a quantized op reads it (here the second Gemm); the graph input read only
// by the first Softmax gets no qparams.
TEST(QuantPlan, LeavesSoftmaxFloatAndObservesItsOutputOnlyForAQuantizedReader) {
  Graph g = graphWithInput({3}, {"p", "z"});
  g.initializers["w"] = weights({3, 3});
  g.nodes = {makeNode("pre", "Softmax", {"x"}, {"s"}), makeNode("fc", "Gemm", {"s", "w"}, {"y"}),
             makeNode("post", "Softmax", {"y"}, {"p"}), makeNode("sig", "Sigmoid", {"y"}, {"z"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan), ElementsAre("fc: Gemm s -> y, axes 1/0"));
  EXPECT_THAT(activationSummary(plan), ElementsAre("s", "y"));
}

// A shared-qparams op after a float-only op: the float op's output is observed (PyTorch's input
// observer) and the Relu shares it.
TEST(QuantPlan, ObservesAFloatOpOutputReadByASharedQParamsOp) {
  Graph g = graphWithInput({3}, {"r"});
  g.nodes = {makeNode("sig", "Sigmoid", {"x"}, {"s"}), makeNode("relu", "Relu", {"s"}, {"r"})};
  EXPECT_THAT(activationSummary(planQuantization(g)), ElementsAre("s", "r = s"));
}

// Clip with constant bounds (ReLU6) fuses like Relu; with a computed bound it stays float.
TEST(QuantPlan, FusesClipWithConstantBoundsOnly) {
  Graph g = graphWithInput({1, 4, 4}, {"y", "z"});
  g.inputs.push_back({"hi", DataType::Float32, {}, true});
  g.initializers["w1"] = weights({2, 1, 1, 1});
  g.initializers["w2"] = weights({2, 1, 1, 1});
  g.initializers["lo"] = Tensor::scalar(0.0f);
  g.initializers["six"] = Tensor::scalar(6.0f);
  g.nodes = {makeNode("conv1", "Conv", {"x", "w1"}, {"c1"}), makeNode("relu6", "Clip", {"c1", "lo", "six"}, {"y"}),
             makeNode("conv2", "Conv", {"x", "w2"}, {"c2"}), makeNode("clamp", "Clip", {"c2", "", "hi"}, {"z"})};
  const QuantPlan plan = planQuantization(g);
  EXPECT_THAT(layerSummary(g, plan),
              ElementsAre("conv1: Conv x -> y, axes 0/1 +relu6", "conv2: Conv x -> c2, axes 0/1"));
  EXPECT_THAT(activationSummary(plan), ElementsAre("x", "y", "c2"));
}

// Concat: every non-constant input and the output observed on their own (see quant_plan.cpp on
// how PyTorch differs).
TEST(QuantPlan, ObservesConcatInputsAndOutput) {
  Graph g = graphWithInput({1, 4, 4}, {"cat"});
  g.initializers["w"] = weights({2, 1, 1, 1});
  g.initializers["k"] = weights({1, 1, 4, 4});
  g.nodes = {makeNode("conv", "Conv", {"x", "w"}, {"c"}),
             makeNode("concat", "Concat", {"c", "x", "k"}, {"cat"}, intAttribute("axis", 1))};
  EXPECT_THAT(activationSummary(planQuantization(g)), ElementsAre("x", "c", "cat"));
}

// The demo model after prepareForAnalysis (BatchNormalization folded into the convs), node by node
// (printed with a loop over graph.nodes):
//   0 Conv stem   input → BN0          1 Relu → Relu_0
//   2 Conv down   Relu_0 → BN1         3 Relu → Relu_1
//   4 Conv res_a  Relu_1 → BN2         5 Relu → Relu_2
//   6 Conv res_b  Relu_2 → BN3         7 Add(Relu_1, BN3) → Add    8 Relu → Relu_3
//   9 Conv dw     Relu_3 → BN4        10 Relu → Relu_4
//  11 Conv pw     Relu_4 → BN5        12 Relu → Relu_5
//  13 GlobalAveragePool → GAP         14 Flatten → Flatten         15 Gemm fc (transB=1) → logits
// Derivation: each Relu after a Conv is that Conv's only reader → fused (5 of 6 convs); res_b's
// output feeds the Add → not fused, observed. The Add's only reader is Relu_3 → (ReLU, add)
// fusion: Add_output gets nothing, Relu_3 observed. GAP and Flatten share Relu_5's qparams (the
// chain's root). The Gemm reads the Flatten output (shared) and writes logits (observed). The
// graph input is read by the stem Conv → observed.
TEST(QuantPlan, PlansTheDemoModelLikePyTorch) {
  Model model = importOnnxFile(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx");
  prepareForAnalysis(model.graph);
  const QuantPlan plan = planQuantization(model.graph);
  EXPECT_THAT(layerSummary(model.graph, plan),
              ElementsAre("/stem/stem.0/Conv: Conv input -> /Relu_output_0, axes 0/1 +/Relu",
                          "/down/down.0/Conv: Conv /Relu_output_0 -> /Relu_1_output_0, axes 0/1 +/Relu_1",
                          "/res_a/res_a.0/Conv: Conv /Relu_1_output_0 -> /Relu_2_output_0, axes 0/1 +/Relu_2",
                          "/res_b/res_b.0/Conv: Conv /Relu_2_output_0 -> /res_b/res_b.1/BatchNormalization_output_0, "
                          "axes 0/1",
                          "/dw/dw.0/Conv: Conv /Relu_3_output_0 -> /Relu_4_output_0, axes 0/1 +/Relu_4",
                          "/pw/pw.0/Conv: Conv /Relu_4_output_0 -> /Relu_5_output_0, axes 0/1 +/Relu_5",
                          "/fc/Gemm: Gemm /Flatten_output_0 -> logits, axes 0/1"));
  for (const QuantizedLayer& layer : plan.layers) {
    EXPECT_TRUE(model.graph.isInitializer(layer.weight)) << layer.name;
    EXPECT_TRUE(model.graph.isInitializer(layer.bias)) << layer.name;
  }
  EXPECT_THAT(activationSummary(plan),
              ElementsAre("input", "/Relu_output_0", "/Relu_1_output_0", "/Relu_2_output_0",
                          "/res_b/res_b.1/BatchNormalization_output_0", "/Relu_3_output_0", "/Relu_4_output_0",
                          "/Relu_5_output_0", "/pool/GlobalAveragePool_output_0 = /Relu_5_output_0",
                          "/Flatten_output_0 = /Relu_5_output_0", "logits"));
  EXPECT_EQ(plan.findActivation("/Add_output_0"), nullptr);
  EXPECT_EQ(plan.observedTensors().size(), 9u);
}

}  // namespace
}  // namespace quantlens
