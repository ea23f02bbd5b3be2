// Int8Model on hand-built graphs: a hand-derived result, every tensor within one quantization step of
// the fake-quant executor over Conv (grouped, strided, dilated, depthwise, 1x1), fused Relu/Clip,
// add-relu, pooling, Flatten, Gemm, MatMul and float operators between them; threads; fallbacks; errors.
#include "core/runtime/int8/int8_model.h"

#include <gtest/gtest.h>

#include <iostream>

#include "core/error.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "tests/core/quant/derive_test_support.h"
#include "tests/core/quant/observer_fixture.h"
#include "tests/core/quant/plan_test_support.h"
#include "tests/core/runtime/int8_test_support.h"

namespace quantlens {
namespace {

using testing::makeLayer;
using testing::makeNode;

Tensor randomTensor(Shape shape, uint64_t seed, double lo, double hi) {
  testing::SplitMix64 rng(seed);
  Tensor tensor(DataType::Float32, std::move(shape));
  for (float& v : tensor.values<float>()) v = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return tensor;
}

Attributes attributes(std::initializer_list<std::pair<const char*, std::vector<int64_t>>> lists,
                      std::initializer_list<std::pair<const char*, int64_t>> ints = {}) {
  Attributes result;
  for (const auto& [name, values] : lists) result.set(name, values);
  for (const auto& [name, value] : ints) result.set(name, value);
  return result;
}

// --- A hand-derived case -------------------------------------------------------------------------

// x [1, 2, 1, 2] → conv (1x1, W [2, 2, 1, 1], B [2]) → relu (fused) → r → add(r, x) → out: the tiny
// model of fake_quant_model_test.cpp, with weight qparams so the int8 executor can run it.
TEST(Int8Model, MatchesHandDerivedIntegerArithmetic) {
  Graph graph = testing::graphWithInput({2, 1, 2}, {"out"});
  graph.initializers["W"] = Tensor::fromVector<float>({2, 2, 1, 1}, {1.1f, 0.45f, -0.9f, 2.05f});
  graph.initializers["B"] = Tensor::fromVector<float>({2}, {0.2f, -0.45f});
  graph.nodes.push_back(makeNode("conv", "Conv", {"x", "W", "B"}, {"c"}));
  graph.nodes.push_back(makeNode("relu", "Relu", {"c"}, {"r"}));
  graph.nodes.push_back(makeNode("add", "Add", {"r", "x"}, {"out"}));
  QuantPlan plan;
  QuantizedLayer conv = makeLayer("conv", "Conv", 0, "W", "B", "x", "r");
  conv.fusedActivation = 1;
  plan.layers = {conv};
  plan.activations = {{"x", ""}, {"r", ""}, {"out", ""}};

  // Weights int8 symmetric per-tensor scale 0.5: codes [[2, 1], [-2, 4]] (1.1/0.5 = 2.2 → 2, 0.9 → 1,
  // -1.8 → -2, 4.1 → 4). x uint8 (0.25, 128), r uint8 (0.5, 0), out int8 symmetric scale 1.
  const auto scheme = [](QuantDtype dtype, bool symmetric) { return QuantScheme::make({dtype, 8}, symmetric); };
  QuantState state;
  state.config = QuantConfig::defaults();
  LayerQuant layer;
  layer.layer = "conv";
  WeightQuant weight;
  weight.qparams = QParams::perTensor(0.5f, 0, scheme(QuantDtype::Int8, true));
  weight.dequantized = Tensor::fromVector<float>({2, 2, 1, 1}, {1.0f, 0.5f, -1.0f, 2.0f});
  layer.weight = weight;
  layer.dequantizedBias = Tensor::fromVector<float>({2}, {0.25f, -0.5f});
  state.layers = {layer};
  state.activations["x"] = {"x", {}, {}, QParams::perTensor(0.25f, 128, scheme(QuantDtype::UInt8, false))};
  state.activations["r"] = {"r", {}, {}, QParams::perTensor(0.5f, 0, scheme(QuantDtype::UInt8, false))};
  state.activations["out"] = {"out", {}, {}, QParams::perTensor(1.0f, 0, scheme(QuantDtype::Int8, true))};

  const Int8Model model(graph, plan, state);
  ASSERT_EQ(model.nodes().size(), 3u);
  EXPECT_EQ(model.nodes()[0].backend, Int8Backend::Int8);
  EXPECT_EQ(model.nodes()[1].backend, Int8Backend::Fused);
  EXPECT_EQ(model.nodes()[2].backend, Int8Backend::Int8);
  // x = [0.3, -0.7, 1.2, 0.45] / 0.25 → codes − 128 = [1, -3, 5, 2]: channel 0 = [1, -3], channel 1 = [5, 2].
  // Bias codes: 0.2 / (0.25·0.5) = 1.6 → 2, -0.45 / 0.125 = -3.6 → -4.
  // acc0 = 2·[1, -3] + 1·[5, 2] + 2 = [9, -2];  acc1 = -2·[1, -3] + 4·[5, 2] − 4 = [14, 10].
  // Requantized by 0.125 / 0.5 = 0.25: [2.25 → 2, -0.5 → -0 → 0 (Relu)], [3.5 → 4, 2.5 → 2]: r = [1, 0, 2, 1].
  // out = r + x = [1 + 0.25, 0 − 0.75, 2 + 1.25, 1 + 0.5] = [1.25, -0.75, 3.25, 1.5] → [1, -1, 3, 2].
  std::map<std::string, Tensor> seen;
  const ExecutionHooks record = testing::recordTensors(seen);
  const std::vector<Tensor> out =
      model.run({Tensor::fromVector<float>({1, 2, 1, 2}, {0.3f, -0.7f, 1.2f, 0.45f})}, &record);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].toFloatVector(), (std::vector<float>{1.0f, -1.0f, 3.0f, 2.0f}));
  EXPECT_EQ(seen.at("x").toFloatVector(), (std::vector<float>{0.25f, -0.75f, 1.25f, 0.5f}));
  EXPECT_EQ(seen.at("r").toFloatVector(), (std::vector<float>{1.0f, 0.0f, 2.0f, 1.0f}));
  EXPECT_EQ(seen.count("c"), 0u);  // fused: never computed
  // int8 codes are stored shifted by 128.
  EXPECT_EQ(model.activationCodes().at("out").zeroPoint, 128);
  EXPECT_EQ(model.activationCodes().at("out").min, 0);
}

// --- Random hand-built graphs against the fake-quant executor ---------------------------------------

struct Calibrated {
  Graph graph;
  QuantPlan plan;
  CalibrationResult calibration;
  std::vector<Tensor> inputs;
};

// Prepared and planned as the CLI does; calibrated from an FP32 run of the inputs (statistics of
// every observed tensor), then the same inputs are compared.
Calibrated calibrated(Graph graph, const Shape& inputShape, int batches) {
  Calibrated c;
  c.graph = std::move(graph);
  prepareForAnalysis(c.graph);
  c.plan = planQuantization(c.graph);
  for (int i = 0; i < batches; ++i)
    c.inputs.push_back(randomTensor(inputShape, 100 + static_cast<uint64_t>(i), -1.0, 1.5));
  for (const std::string& tensor : c.plan.observedTensors())
    c.calibration.statistics.emplace(tensor, TensorStatistics{});
  ExecutionHooks record;
  record.onGraphInput = [&](const std::string& name, Tensor& value) {
    if (auto found = c.calibration.statistics.find(name); found != c.calibration.statistics.end())
      found->second.update(value);
  };
  record.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    for (size_t i = 0; i < outputs.size(); ++i)
      if (auto found = c.calibration.statistics.find(node.outputs[i]); found != c.calibration.statistics.end())
        found->second.update(outputs[i]);
  };
  const Executor executor(c.graph);
  for (const Tensor& input : c.inputs) executor.run({input}, &record);
  c.calibration.samples = batches * inputShape[0];
  return c;
}

// x [N, 1, 8, 8] → conv1 3x3 (8) + Relu → conv2 3x3/2 group 2 + Clip(0, 6) → r2;
// x → ... conv3 depthwise 3x3 dilation 2 on r1 → c3; add(r2, c3) + Relu → a; AveragePool 3x3 pad 1
// (count_include_pad) → p; MaxPool 2x2/2 → m; conv4 1x1 (6) → c4; GlobalAveragePool → g; Flatten → f;
// Gemm (B [6, 4], no transB) → out.
Graph convGraph() {
  Graph graph = testing::graphWithInput({1, 8, 8}, {"out"});
  graph.initializers["W1"] = randomTensor({8, 1, 3, 3}, 1, -0.8, 0.8);
  graph.initializers["B1"] = randomTensor({8}, 2, -0.2, 0.2);
  graph.initializers["W2"] = randomTensor({8, 4, 3, 3}, 3, -0.4, 0.4);
  graph.initializers["B2"] = randomTensor({8}, 4, -0.2, 0.2);
  graph.initializers["W3"] = randomTensor({8, 1, 3, 3}, 5, -0.6, 0.6);
  graph.initializers["B3"] = randomTensor({8}, 6, -0.2, 0.2);
  graph.initializers["W4"] = randomTensor({6, 8, 1, 1}, 7, -0.5, 0.5);
  graph.initializers["W5"] = randomTensor({6, 4}, 8, -0.9, 0.9);
  graph.initializers["B5"] = randomTensor({4}, 9, -0.1, 0.1);
  graph.initializers["zero"] = Tensor::scalar<float>(0.0f);
  graph.initializers["six"] = Tensor::scalar<float>(1.0f);  // a tight ReLU6-like bound that does clip
  graph.nodes.push_back(makeNode("conv1", "Conv", {"x", "W1", "B1"}, {"c1"}, attributes({{"pads", {1, 1, 1, 1}}})));
  graph.nodes.push_back(makeNode("relu1", "Relu", {"c1"}, {"r1"}));
  graph.nodes.push_back(makeNode("conv2", "Conv", {"r1", "W2", "B2"}, {"c2"},
                                 attributes({{"pads", {1, 1, 1, 1}}, {"strides", {2, 2}}}, {{"group", 2}})));
  graph.nodes.push_back(makeNode("clip2", "Clip", {"c2", "zero", "six"}, {"r2"}));
  graph.nodes.push_back(
      makeNode("conv3", "Conv", {"r1", "W3", "B3"}, {"c3"},
               attributes({{"pads", {2, 2, 2, 2}}, {"strides", {2, 2}}, {"dilations", {2, 2}}}, {{"group", 8}})));
  graph.nodes.push_back(makeNode("add", "Add", {"r2", "c3"}, {"s"}));
  graph.nodes.push_back(makeNode("relu_add", "Relu", {"s"}, {"a"}));
  graph.nodes.push_back(
      makeNode("avg", "AveragePool", {"a"}, {"p"},
               attributes({{"kernel_shape", {3, 3}}, {"pads", {1, 1, 1, 1}}}, {{"count_include_pad", 1}})));
  graph.nodes.push_back(
      makeNode("max", "MaxPool", {"p"}, {"m"}, attributes({{"kernel_shape", {2, 2}}, {"strides", {2, 2}}})));
  graph.nodes.push_back(makeNode("conv4", "Conv", {"m", "W4"}, {"c4"}));
  graph.nodes.push_back(makeNode("gap", "GlobalAveragePool", {"c4"}, {"g"}));
  graph.nodes.push_back(makeNode("flatten", "Flatten", {"g"}, {"f"}));
  graph.nodes.push_back(makeNode("gemm", "Gemm", {"f", "W5", "B5"}, {"out"}));
  return graph;
}

// x [N, 1, 4, 4] → Flatten → Gemm (transB, 16 → 8) + Relu → r → Sigmoid (float) → sg → MatMul
// (B [8, 5]) → mm → Softmax (float) → out.
Graph matrixGraph() {
  Graph graph = testing::graphWithInput({1, 4, 4}, {"out"});
  graph.initializers["Wg"] = randomTensor({8, 16}, 11, -0.6, 0.6);
  graph.initializers["Bg"] = randomTensor({8}, 12, -0.2, 0.2);
  graph.initializers["Wm"] = randomTensor({8, 5}, 13, -1.0, 1.0);
  graph.nodes.push_back(makeNode("flatten", "Flatten", {"x"}, {"f"}));
  graph.nodes.push_back(makeNode("gemm", "Gemm", {"f", "Wg", "Bg"}, {"y"}, attributes({}, {{"transB", 1}})));
  graph.nodes.push_back(makeNode("relu", "Relu", {"y"}, {"r"}));
  graph.nodes.push_back(makeNode("sigmoid", "Sigmoid", {"r"}, {"sg"}));
  graph.nodes.push_back(makeNode("matmul", "MatMul", {"sg", "Wm"}, {"mm"}));
  graph.nodes.push_back(makeNode("softmax", "Softmax", {"mm"}, {"out"}));
  return graph;
}

const Int8NodeInfo& nodeInfo(const Int8Model& model, const std::string& name) {
  for (const Int8NodeInfo& info : model.nodes())
    if (info.name == name) return info;
  throw Error("no node " + name);
}

testing::StepAgreement agreementOf(const Calibrated& c, const QuantState& state, int threads = 1) {
  const FakeQuantModel fakeQuant(c.graph, c.plan, state);
  const Int8Model int8(c.graph, c.plan, state, {threads});
  testing::StepAgreement agreement;
  for (const Tensor& input : c.inputs) testing::compareWithFakeQuant(fakeQuant, int8, {input}, agreement);
  return agreement;
}

// Fed the fake-quant executor's inputs, every step's outputs are within one step of its outputs (a
// float product or sum rounded differently at a near-tie), and only rarely apart at all. Running
// freely, such differences travel downstream: a few values end further apart.
void expectWithinOneStep(const testing::StepAgreement& agreement) {
  // (code − zp) · scale in float32 on both sides: whole steps up to a rounding of the products.
  EXPECT_LE(agreement.perStep.maxSteps, 1.0 + 1e-4) << agreement.perStep.worstTensor;
  EXPECT_LE(agreement.perStep.differing, agreement.perStep.elements / 100);
  EXPECT_LE(agreement.endToEnd.differing, agreement.endToEnd.elements / 20);
}

QuantConfig withActivations(QuantDtype dtype, bool symmetric, QuantReference reference = QuantReference::PyTorch) {
  QuantConfig config = QuantConfig::defaults();
  config.activationScheme = QuantScheme::make({dtype, 8}, symmetric, Granularity::perTensor(), reference);
  config.weightScheme.reference = reference;
  return config;
}

TEST(Int8Model, ConvolutionsPoolingAndAddAgreeWithFakeQuantWithinOneStep) {
  const Calibrated c = calibrated(convGraph(), {3, 1, 8, 8}, 6);
  QuantConfig perTensorAffine = QuantConfig::defaults();
  perTensorAffine.weightScheme = QuantScheme::make({QuantDtype::Int8, 8}, false, Granularity::perTensor());
  QuantConfig unsignedWeights = QuantConfig::defaults();
  unsignedWeights.weightScheme = QuantScheme::make({QuantDtype::UInt8, 8}, true, Granularity::perChannel());
  QuantConfig reduced = QuantConfig::defaults();
  reduced.activationScheme->reduceRange = true;
  const std::vector<std::pair<std::string, QuantConfig>> configs = {
      {"defaults", QuantConfig::defaults()},
      {"int8 symmetric activations", withActivations(QuantDtype::Int8, true)},
      {"int8 affine activations, onnxruntime", withActivations(QuantDtype::Int8, false, QuantReference::OnnxRuntime)},
      {"int8 affine per-tensor weights", perTensorAffine},
      {"uint8 symmetric per-channel weights (zero point 128)", unsignedWeights},
      {"reduce_range activations", reduced}};
  for (const auto& [label, config] : configs) {
    SCOPED_TRACE(label);
    const QuantState state = deriveQuantization(c.graph, c.plan, c.calibration, config);
    const Int8Model int8(c.graph, c.plan, state);
    for (const char* node : {"conv1", "conv2", "conv3", "add", "avg", "max", "conv4", "gap", "flatten", "gemm"})
      EXPECT_EQ(nodeInfo(int8, node).backend, Int8Backend::Int8) << node << ": " << nodeInfo(int8, node).detail;
    for (const char* node : {"relu1", "clip2", "relu_add"})
      EXPECT_EQ(nodeInfo(int8, node).backend, Int8Backend::Fused) << node;
    const testing::StepAgreement agreement = agreementOf(c, state);
    expectWithinOneStep(agreement);
    EXPECT_EQ(agreement.perStep.tensors, 6 * 11);  // x and the outputs of the 10 steps, per batch
    std::cout << "[          ] " << label << ": per step " << agreement.perStep.differing << " of "
              << agreement.perStep.elements << " values one step apart; end to end " << agreement.endToEnd.differing
              << ", at most " << agreement.endToEnd.maxSteps << " steps\n";
  }
}

TEST(Int8Model, GemmMatMulAndFloatOperatorsBetweenThemAgreeWithFakeQuant) {
  const Calibrated c = calibrated(matrixGraph(), {5, 1, 4, 4}, 4);  // 5 columns: the transposed GEMM path
  const QuantState state = deriveQuantization(c.graph, c.plan, c.calibration, QuantConfig::defaults());
  const Int8Model int8(c.graph, c.plan, state);
  EXPECT_EQ(nodeInfo(int8, "gemm").backend, Int8Backend::Int8);
  EXPECT_EQ(nodeInfo(int8, "relu").backend, Int8Backend::Fused);
  EXPECT_EQ(nodeInfo(int8, "matmul").backend, Int8Backend::Int8);
  EXPECT_EQ(nodeInfo(int8, "sigmoid").backend, Int8Backend::Float);
  EXPECT_EQ(nodeInfo(int8, "softmax").backend, Int8Backend::Float);
  const testing::StepAgreement agreement = agreementOf(c, state);
  expectWithinOneStep(agreement);
  EXPECT_EQ(agreement.perStep.tensors, 4 * 5);  // x, f, r, sg, mm per batch
  // Fed the same codes, the float steps (Sigmoid, Softmax) compute the same floats.
  EXPECT_EQ(agreement.perStep.maxFloatDifference, 0.0);
  // Batch 1 reads the single column in place.
  const Calibrated one = calibrated(matrixGraph(), {1, 1, 4, 4}, 3);
  expectWithinOneStep(
      agreementOf(one, deriveQuantization(one.graph, one.plan, one.calibration, QuantConfig::defaults())));
}

TEST(Int8Model, TwoThreadsComputeTheSameCodesAsOne) {
  for (const int64_t batch : {1, 5}) {
    const Calibrated c = calibrated(convGraph(), {batch, 1, 8, 8}, 2);
    const QuantState state = deriveQuantization(c.graph, c.plan, c.calibration, QuantConfig::defaults());
    const Int8Model single(c.graph, c.plan, state, {1});
    const Int8Model pooled(c.graph, c.plan, state, {2, /*minParallelMacs=*/0});  // every layer shares
    EXPECT_EQ(pooled.threads(), 2);
    for (const Tensor& input : c.inputs) {
      std::map<std::string, Tensor> a, b;
      const ExecutionHooks recordA = testing::recordTensors(a), recordB = testing::recordTensors(b);
      single.run({input}, &recordA);
      pooled.run({input}, &recordB);
      ASSERT_EQ(a.size(), b.size());
      for (const auto& [name, value] : a) EXPECT_EQ(value.toFloatVector(), b.at(name).toFloatVector()) << name;
    }
  }
}

TEST(Int8Model, LayersWithoutAnIntegerKernelFallBackToFloatAndSayWhy) {
  const Calibrated c = calibrated(convGraph(), {2, 1, 8, 8}, 3);
  QuantConfig perGroup = QuantConfig::defaults();
  perGroup.weightScheme = QuantScheme::make({QuantDtype::Int4, 4}, true, Granularity::perGroup(4));
  QuantConfig fp8 = QuantConfig::defaults();
  fp8.weightScheme = QuantScheme::make({QuantDtype::Fp8E4M3, 8}, true, Granularity::perChannel());
  QuantConfig affinePerChannel = QuantConfig::defaults();
  affinePerChannel.weightScheme = QuantScheme::make({QuantDtype::Int8, 8}, false, Granularity::perChannel());
  QuantConfig keepFloat = QuantConfig::defaults();
  keepFloat.overrides["conv2"].keepFloat = true;
  struct Case {
    std::string label;
    QuantConfig config;
    std::string reason;  // part of conv2's detail
  };
  for (const Case& test : {Case{"int4 per-group", perGroup, "per-group"}, Case{"fp8", fp8, "fp8e4m3"},
                           Case{"affine per-channel", affinePerChannel, "zero points differ"},
                           Case{"keep float", keepFloat, "override"}}) {
    SCOPED_TRACE(test.label);
    const QuantState state = deriveQuantization(c.graph, c.plan, c.calibration, test.config);
    const Int8Model int8(c.graph, c.plan, state);
    const Int8NodeInfo& conv2 = nodeInfo(int8, "conv2");
    EXPECT_EQ(conv2.backend, Int8Backend::Float);
    EXPECT_NE(conv2.detail.find(test.reason), std::string::npos) << conv2.detail;
    // Unfused, the Clip runs on its own (in float: its input is the float conv output).
    EXPECT_NE(nodeInfo(int8, "clip2").backend, Int8Backend::Fused);
    expectWithinOneStep(agreementOf(c, state));
  }
}

TEST(Int8Model, RefusesConfigurationsWithoutIntegerActivations) {
  const Calibrated c = calibrated(matrixGraph(), {1, 1, 4, 4}, 1);
  QuantConfig none = QuantConfig::defaults();
  none.activationScheme.reset();
  QuantConfig int16 = QuantConfig::defaults();
  int16.activationScheme = QuantScheme::make({QuantDtype::Int16, 16}, true);
  for (const QuantConfig& config : {none, int16}) {
    ASSERT_TRUE(int8Unsupported(config).has_value());
    const QuantState state = deriveQuantization(c.graph, c.plan, c.calibration, config);
    try {
      Int8Model model(c.graph, c.plan, state);
      ADD_FAILURE() << "expected an Error";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
      EXPECT_NE(std::string(error.what()).find("--act-dtype uint8 or int8"), std::string::npos) << error.what();
    }
  }
  EXPECT_FALSE(int8Unsupported(QuantConfig::defaults()).has_value());
}

}  // namespace
}  // namespace quantlens
