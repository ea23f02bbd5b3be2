// FakeQuantModel: dequantized weights and fake-quantized activations on a tiny hand-built graph,
// compared with outputs computed by hand; isolated selections; 16-bit quantization approaching FP32.
#include "core/runtime/fake_quant_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/quant/quantize.h"
#include "tests/core/quant/derive_test_support.h"
#include "tests/core/quant/observer_fixture.h"
#include "tests/core/quant/plan_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using testing::makeLayer;
using testing::makeNode;

// x [1, 2, 1, 2] → conv (1x1, W [2, 2, 1, 1], B [2]) → c → relu (fused) → r → add(r, x) → out.
struct TinyModel {
  Graph graph;
  QuantPlan plan;
};

TinyModel tinyModel() {
  TinyModel model;
  model.graph = testing::graphWithInput({2, 1, 2}, {"out"});
  model.graph.initializers["W"] = Tensor::fromVector<float>({2, 2, 1, 1}, {1.1f, 0.45f, -0.9f, 2.05f});
  model.graph.initializers["B"] = Tensor::fromVector<float>({2}, {0.2f, -0.45f});
  model.graph.nodes.push_back(makeNode("conv", "Conv", {"x", "W", "B"}, {"c"}));
  model.graph.nodes.push_back(makeNode("relu", "Relu", {"c"}, {"r"}));
  model.graph.nodes.push_back(makeNode("add", "Add", {"r", "x"}, {"out"}));
  QuantizedLayer conv = makeLayer("conv", "Conv", 0, "W", "B", "x", "r");
  conv.fusedActivation = 1;
  model.plan.layers = {conv};
  model.plan.activations = {{"x", ""}, {"r", ""}, {"out", ""}};
  return model;
}

QParams perTensor(float scale, int32_t zeroPoint, QuantDtype dtype, bool symmetric) {
  return QParams::perTensor(scale, zeroPoint, QuantScheme::make({dtype, 8}, symmetric));
}

// A state with round numbers, so every fake-quantized value can be worked out by hand:
// dequantized W = [[1, 0.5], [-1, 2]], bias [0.25, -0.5]; x: uint8 (0.25, 128); r: uint8 (0.5, 0);
// out: int8 symmetric scale 1.
QuantState handState() {
  QuantState state;
  LayerQuant conv;
  conv.layer = "conv";
  WeightQuant weight;
  weight.dequantized = Tensor::fromVector<float>({2, 2, 1, 1}, {1.0f, 0.5f, -1.0f, 2.0f});
  conv.weight = weight;
  conv.dequantizedBias = Tensor::fromVector<float>({2}, {0.25f, -0.5f});
  state.layers = {conv};
  state.activations["x"] = {"x", {}, {}, perTensor(0.25f, 128, QuantDtype::UInt8, false)};
  state.activations["r"] = {"r", {}, {}, perTensor(0.5f, 0, QuantDtype::UInt8, false)};
  state.activations["out"] = {"out", {}, {}, perTensor(1.0f, 0, QuantDtype::Int8, true)};
  return state;
}

Tensor tinyInput() { return Tensor::fromVector<float>({1, 2, 1, 2}, {0.3f, -0.7f, 1.2f, 0.45f}); }

TEST(FakeQuantModel, MatchesHandComputedFakeQuantizedOutputs) {
  const TinyModel model = tinyModel();
  const FakeQuantModel fakeQuant(model.graph, model.plan, handState());
  // x (scale 0.25): 0.3 → 1.2 → 1 → 0.25; -0.7 → -2.8 → -3 → -0.75; 1.2 → 4.8 → 5 → 1.25;
  //   0.45 → 1.8 → 2 → 0.5. Channels: x0 = [0.25, -0.75], x1 = [1.25, 0.5].
  // conv with the dequantized weight and bias, per position p:
  //   c0 = 1·x0 + 0.5·x1 + 0.25 = [1.125, -0.25];  c1 = -1·x0 + 2·x1 - 0.5 = [1.75, 1.25].
  // relu → r = [1.125, 0, 1.75, 1.25]; fake-quantized (scale 0.5): 2.25 → 2, 0, 3.5 → 4 (half to
  //   even), 2.5 → 2: r = [1, 0, 2, 1].
  // out = r + x = [1.25, -0.75, 3.25, 1.5]; scale 1 int8: [1, -1, 3, 2] (1.5 → 2, half to even).
  const std::vector<Tensor> outputs = fakeQuant.run({tinyInput()});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].toFloatVector(), (std::vector<float>{1.0f, -1.0f, 3.0f, 2.0f}));
  EXPECT_EQ(fakeQuant.activationQParams().size(), 3u);
}

TEST(FakeQuantModel, ObserverSeesTensorsAfterFakeQuantization) {
  const TinyModel model = tinyModel();
  const FakeQuantModel fakeQuant(model.graph, model.plan, handState());
  std::map<std::string, std::vector<float>> seen;
  ExecutionHooks observer;
  observer.onGraphInput = [&](const std::string& name, Tensor& value) { seen[name] = value.toFloatVector(); };
  observer.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    seen[node.outputs[0]] = outputs[0].toFloatVector();
  };
  fakeQuant.run({tinyInput()}, &observer);
  EXPECT_EQ(seen["x"], (std::vector<float>{0.25f, -0.75f, 1.25f, 0.5f}));
  EXPECT_EQ(seen["c"], (std::vector<float>{1.125f, -0.25f, 1.75f, 1.25f}));  // not an activation: float
  EXPECT_EQ(seen["r"], (std::vector<float>{1.0f, 0.0f, 2.0f, 1.0f}));
  EXPECT_EQ(seen["out"], (std::vector<float>{1.0f, -1.0f, 3.0f, 2.0f}));
  // The hooks alone, on the model's own executor, do the same.
  EXPECT_EQ(fakeQuant.executor().run({tinyInput()}, &fakeQuant.hooks())[0].toFloatVector(),
            (std::vector<float>{1.0f, -1.0f, 3.0f, 2.0f}));
}

TEST(FakeQuantModel, IsolatedSelectionAppliesOnlyThatLayer) {
  const TinyModel model = tinyModel();
  const QuantState state = handState();
  // Only conv: its weight, bias, input x and output r; the Add's output stays float:
  // out = r + x = [1.25, -0.75, 3.25, 1.5].
  const FakeQuantModel isolated(model.graph, model.plan, state, FakeQuantSelection::onlyLayer("conv"));
  EXPECT_EQ(isolated.run({tinyInput()})[0].toFloatVector(), (std::vector<float>{1.25f, -0.75f, 3.25f, 1.5f}));
  EXPECT_EQ(isolated.activationQParams().count("out"), 0u);
  // Nothing selected: the FP32 model, original weights and all.
  const FakeQuantModel none(model.graph, model.plan, state, FakeQuantSelection{false, {}});
  const Executor fp32(model.graph);
  EXPECT_EQ(none.run({tinyInput()})[0].toFloatVector(), fp32.run({tinyInput()})[0].toFloatVector());
  EXPECT_THROW(FakeQuantModel(model.graph, model.plan, state, FakeQuantSelection::onlyLayer("nope")), Error);
}

TEST(FakeQuantModel, LayerKeptFloatKeepsItsOriginalWeights) {
  const TinyModel model = tinyModel();
  QuantState state = handState();
  state.layers[0].quantized = false;
  state.layers[0].weight.reset();
  state.layers[0].dequantizedBias.reset();
  state.activations.erase("x");
  state.activations.erase("r");
  const FakeQuantModel fakeQuant(model.graph, model.plan, state);
  EXPECT_EQ(fakeQuant.executor().graph().initializers.at("W").toFloatVector(),
            model.graph.initializers.at("W").toFloatVector());
  EXPECT_EQ(fakeQuant.executor().graph().initializers.at("B").toFloatVector(),
            model.graph.initializers.at("B").toFloatVector());
  // FP32 conv and relu, then out fake-quantized with scale 1.
  const Executor fp32(model.graph);
  std::vector<float> expected = fp32.run({tinyInput()})[0].toFloatVector();
  for (float& v : expected) v = std::nearbyint(v);
  EXPECT_EQ(fakeQuant.run({tinyInput()})[0].toFloatVector(), expected);
}

TEST(FakeQuantModel, SurvivesBeingMoved) {
  const TinyModel model = tinyModel();
  FakeQuantModel first(model.graph, model.plan, handState());
  const ExecutionHooks hooks = first.hooks();
  const FakeQuantModel moved = std::move(first);
  EXPECT_EQ(moved.run({tinyInput()})[0].toFloatVector(), (std::vector<float>{1.0f, -1.0f, 3.0f, 2.0f}));
  EXPECT_EQ(moved.executor().run({tinyInput()}, &hooks)[0].toFloatVector(),
            (std::vector<float>{1.0f, -1.0f, 3.0f, 2.0f}));
}

// A wider random model: x [N, 3, 4, 4] → conv1 (3→8, 3x3 pad 1) + relu → r1 → conv2 (8→4, 1x1) → y
// → add(y, y2) with y2 = conv3(x) (3→4, 1x1) → out. Calibrated by hand from an FP32 run.
struct RandomModel {
  Graph graph;
  QuantPlan plan;
  CalibrationResult calibration;
  std::vector<Tensor> inputs;
};

Tensor randomTensor(Shape shape, uint64_t seed, double lo, double hi) {
  testing::SplitMix64 rng(seed);
  Tensor tensor(DataType::Float32, std::move(shape));
  for (float& v : tensor.values<float>()) v = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return tensor;
}

RandomModel randomModel() {
  RandomModel model;
  model.graph = testing::graphWithInput({3, 4, 4}, {"out"});
  model.graph.initializers["W1"] = randomTensor({8, 3, 3, 3}, 1, -0.5, 0.5);
  model.graph.initializers["B1"] = randomTensor({8}, 2, -0.1, 0.1);
  model.graph.initializers["W2"] = randomTensor({4, 8, 1, 1}, 3, -0.7, 0.7);
  model.graph.initializers["B2"] = randomTensor({4}, 4, -0.1, 0.1);
  model.graph.initializers["W3"] = randomTensor({4, 3, 1, 1}, 5, -1.0, 1.0);
  Attributes pads;
  pads.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  model.graph.nodes.push_back(makeNode("conv1", "Conv", {"x", "W1", "B1"}, {"c1"}, pads));
  model.graph.nodes.push_back(makeNode("relu1", "Relu", {"c1"}, {"r1"}));
  model.graph.nodes.push_back(makeNode("conv2", "Conv", {"r1", "W2", "B2"}, {"y"}));
  model.graph.nodes.push_back(makeNode("conv3", "Conv", {"x", "W3"}, {"y2"}));
  model.graph.nodes.push_back(makeNode("add", "Add", {"y", "y2"}, {"out"}));
  QuantizedLayer conv1 = makeLayer("conv1", "Conv", 0, "W1", "B1", "x", "r1");
  conv1.fusedActivation = 1;
  model.plan.layers = {conv1, makeLayer("conv2", "Conv", 2, "W2", "B2", "r1", "y"),
                       makeLayer("conv3", "Conv", 3, "W3", "", "x", "y2")};
  model.plan.activations = {{"x", ""}, {"r1", ""}, {"y", ""}, {"y2", ""}, {"out", ""}};
  for (uint64_t i = 0; i < 4; ++i) model.inputs.push_back(randomTensor({2, 3, 4, 4}, 10 + i, -1.0, 1.0));
  // Calibration by hand: statistics of every planned tensor over an FP32 run of the inputs.
  for (const QuantizedActivation& a : model.plan.activations) model.calibration.statistics.emplace(a.tensor, TensorStatistics{});
  ExecutionHooks record;
  record.onGraphInput = [&](const std::string& name, Tensor& value) { model.calibration.statistics.at(name).update(value); };
  record.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    auto found = model.calibration.statistics.find(node.outputs[0]);
    if (found != model.calibration.statistics.end()) found->second.update(outputs[0]);
  };
  const Executor executor(model.graph);
  for (const Tensor& input : model.inputs) executor.run({input}, &record);
  return model;
}

// Relative L2 distance of the quantized outputs from FP32 over all inputs.
double relativeError(const RandomModel& model, const QuantConfig& config) {
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, config);
  const FakeQuantModel fakeQuant(model.graph, model.plan, state);
  const Executor fp32(model.graph);
  double noise = 0.0, signal = 0.0;
  for (const Tensor& input : model.inputs) {
    const std::vector<float> reference = fp32.run({input})[0].toFloatVector();
    const std::vector<float> quantized = fakeQuant.run({input})[0].toFloatVector();
    for (size_t i = 0; i < reference.size(); ++i) {
      noise += (reference[i] - quantized[i]) * static_cast<double>(reference[i] - quantized[i]);
      signal += reference[i] * static_cast<double>(reference[i]);
    }
  }
  return std::sqrt(noise / signal);
}

TEST(FakeQuantModel, SixteenBitQuantizationApproachesFp32) {
  const RandomModel model = randomModel();
  QuantConfig int8 = testing::minMaxConfig();
  QuantConfig int16 = int8;
  int16.activationScheme = QuantScheme::make({QuantDtype::UInt16, 16}, false);
  int16.weightScheme = QuantScheme::make({QuantDtype::Int16, 16}, true, Granularity::perChannel());
  const double error8 = relativeError(model, int8);
  const double error16 = relativeError(model, int16);
  // One step of 8 bits is ~1/255 of a range; of 16 bits ~1/65535: errors ~1e-2 and ~1e-4.
  EXPECT_LT(error8, 0.05);
  EXPECT_GT(error8, 1e-3);
  EXPECT_LT(error16, 2e-4);
  EXPECT_LT(error16 * 50, error8);
}

}  // namespace
}  // namespace quantlens
