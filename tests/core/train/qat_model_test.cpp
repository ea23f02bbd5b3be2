// The QAT model on the demo model: fake quantizers where the PTQ plan puts them, starting at the
// PTQ qparams, the observer schedule, and the conversion back to a graph and QuantState.
#include "core/train/qat_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <random>

#include "core/data/idx_dataset.h"
#include "core/data/preprocessor.h"
#include "core/data/sample_order.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/calibration.h"
#include "core/quant/weight_quantization.h"
#include "core/runtime/executor.h"
#include "core/runtime/fake_quant_model.h"
#include "core/train/adam.h"
#include "core/train/qat_trainer.h"
#include "core/train/sgd.h"
#include "tests/core/train/gradient_check.h"

namespace quantlens::test {
namespace {

const std::filesystem::path kFashionMnist = "/usr/share/datasets/fashion-mnist";

struct Fixture {
  Graph graph;
  QuantPlan plan;
  QuantState ptq;
};

Preprocessor fashionPreprocessor() {
  Preprocessing p;  // resources/demo/fashion_cnn.json: 28x28 gray, x = pixel / 255
  p.height = 28;
  p.width = 28;
  p.color = ColorMode::Gray;
  p.scale = 1.0 / 255.0;
  return Preprocessor(p);
}

// PTQ of the demo model with 4-bit per-tensor symmetric weights and the CLI's default
// activations (uint8 affine, histogram observer), calibrated on 256 training images.
Fixture calibratedDemo(const Dataset& train) {
  Fixture f;
  f.graph = importOnnxFile(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx").graph;
  prepareForAnalysis(f.graph, 32);
  f.plan = planQuantization(f.graph);
  QuantConfig config = QuantConfig::defaults();
  config.weightScheme = QuantScheme::make({QuantDtype::Int4, 4}, true, Granularity{});
  BatchLoopOptions loop;
  const CalibrationResult calibration =
      calibrate(Executor(f.graph), f.plan, train, sampleOrder(train.size(), 256), fashionPreprocessor(), loop);
  f.ptq = deriveQuantization(f.graph, f.plan, calibration, config);
  return f;
}

class QatModelTest : public ::testing::Test {
protected:
  void SetUp() override {
    if (!std::filesystem::exists(kFashionMnist / "train-images-idx3-ubyte.gz"))
      GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    train = std::make_unique<IdxDataset>(kFashionMnist / "train-images-idx3-ubyte.gz",
                                         kFashionMnist / "train-labels-idx1-ubyte.gz");
    fixture = calibratedDemo(*train);
  }
  std::unique_ptr<IdxDataset> train;
  Fixture fixture;
};

// Largest |a − b| over two logits tensors, and how many rows have different argmax.
std::pair<float, int> compareLogits(const Tensor& a, const Tensor& b) {
  float worst = 0.0f;
  int flips = 0;
  const int64_t rows = a.dim(0), cols = a.numel() / rows;
  for (int64_t r = 0; r < rows; ++r) {
    const float* x = a.data<float>() + r * cols;
    const float* y = b.data<float>() + r * cols;
    for (int64_t c = 0; c < cols; ++c) worst = std::max(worst, std::abs(x[c] - y[c]));
    flips += std::max_element(x, x + cols) - x != std::max_element(y, y + cols) - y;
  }
  return {worst, flips};
}

// QAT trains with float biases as PyTorch's QAT modules do; the PTQ state's int32 biases
// (rounded to s_in·s_w, which reaches 1e-3 with 4-bit weights) move some activations across a
// rounding boundary and the logits by up to ~0.1, so the comparisons run the fake-quant model
// with float biases.
QuantState withFloatBiases(QuantState state) {
  for (LayerQuant& layer : state.layers) layer.dequantizedBias.reset();
  return state;
}

TEST_F(QatModelTest, StartsWhereThePtqFakeQuantModelIs) {
  QatModel qat(fixture.graph, fixture.plan, fixture.ptq);
  // The demo model: 7 layers (6 Conv, 1 Gemm) with quantized weights.
  EXPECT_EQ(qat.weightQuantizerCount(), fixture.plan.layers.size());
  EXPECT_EQ(qat.activationQuantizerCount(), fixture.ptq.activations.size());
  qat.setObserversEnabled(false);
  std::mt19937 rng(5);
  const Tensor x = randomTensor({8, 1, 28, 28}, rng, 0.0f, 1.0f);
  const Tensor expected = FakeQuantModel(fixture.graph, fixture.plan, withFloatBiases(fixture.ptq)).run({x})[0];
  const Tensor actual = qat.training().forward({x})[0];
  // Same quantizers at the same places with the same qparams: equal up to float summation order.
  const auto [worst, flips] = compareLogits(actual, expected);
  EXPECT_LT(worst, 1e-2f);
  EXPECT_EQ(flips, 0);
  // Read back before training: the PTQ qparams.
  const QuantState state = qat.quantState();
  for (size_t i = 0; i < state.layers.size(); ++i)
    EXPECT_EQ(state.layers[i].weight->qparams.scales, fixture.ptq.layers[i].weight->qparams.scales) << i;
  for (const auto& [tensor, activation] : state.activations) {
    EXPECT_EQ(activation.qparams.scales, fixture.ptq.activations.at(tensor).qparams.scales) << tensor;
    EXPECT_EQ(activation.qparams.zeroPoints, fixture.ptq.activations.at(tensor).qparams.zeroPoints) << tensor;
  }
}

TEST_F(QatModelTest, TrainedModelConvertsToAGraphAndStateTheFakeQuantModelRunsIdentically) {
  QatModel qat(fixture.graph, fixture.plan, fixture.ptq);
  Sgd sgd({0.01f, 0.9f, 0.0f});
  QatRunOptions options;
  options.epochs = 2;
  options.freezeObserversAfter = 0.5;
  std::vector<EpochStats> epochs;
  trainQat(qat, sgd, *train, sampleOrder(train->size(), 256, 7), fashionPreprocessor(), options,
         [&](int64_t, const EpochStats& stats) { epochs.push_back(stats); });
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_FALSE(qat.observersEnabled());
  EXPECT_TRUE(std::isfinite(epochs[0].meanLoss));
  EXPECT_LT(epochs[1].meanLoss, epochs[0].meanLoss);

  // The observers moved the activation ranges during the first half.
  const QuantState state = qat.quantState();
  const std::string& input = fixture.plan.layers[1].input;
  EXPECT_NE(state.activations.at(input).qparams.scales, fixture.ptq.activations.at(input).qparams.scales);
  // The trained graph with the frozen qparams computes what the training graph computes.
  std::mt19937 rng(6);
  const Tensor x = randomTensor({8, 1, 28, 28}, rng, 0.0f, 1.0f);
  const Tensor expected = qat.training().forward({x})[0];
  const Tensor actual = FakeQuantModel(qat.graph(), fixture.plan, withFloatBiases(state)).run({x})[0];
  const auto [worst, flips] = compareLogits(actual, expected);
  EXPECT_LT(worst, 1e-2f);
  EXPECT_EQ(flips, 0);
  // The int32 biases follow the trained biases and the new scales.
  const QuantizedLayer& layer = fixture.plan.layers[1];
  const Tensor bias = fakeQuantizeBias(*qat.graph().initializer(layer.bias),
                                       state.activations.at(layer.input).qparams.scales[0],
                                       state.layers[1].weight->qparams.scales);
  ASSERT_TRUE(state.layers[1].dequantizedBias.has_value());
  EXPECT_TRUE(std::equal(bias.values<float>().begin(), bias.values<float>().end(),
                         state.layers[1].dequantizedBias->values<float>().begin()));
}

TEST_F(QatModelTest, ObserversFrozenFromTheStartKeepThePtqQParams) {
  QatModel qat(fixture.graph, fixture.plan, fixture.ptq);
  Sgd sgd({0.01f, 0.9f, 0.0f});
  QatRunOptions options;
  options.freezeObserversAfter = 0.0;
  trainQat(qat, sgd, *train, sampleOrder(train->size(), 64, 7), fashionPreprocessor(), options);
  const QuantState state = qat.quantState();
  for (const auto& [tensor, activation] : state.activations)
    EXPECT_EQ(activation.qparams.scales, fixture.ptq.activations.at(tensor).qparams.scales) << tensor;
  for (size_t i = 0; i < state.layers.size(); ++i)
    EXPECT_EQ(state.layers[i].weight->qparams.scales, fixture.ptq.layers[i].weight->qparams.scales) << i;
  // …while the weights themselves trained.
  const std::string& weight = fixture.plan.layers[0].weight;
  const Tensor& before = *fixture.graph.initializer(weight);
  const Tensor& after = *qat.graph().initializer(weight);
  EXPECT_FALSE(std::equal(before.values<float>().begin(), before.values<float>().end(), after.values<float>().begin()));
}

TEST_F(QatModelTest, LearnableQuantizersStartAtPtqAndTrainTheirScales) {
  QatModelOptions lsq;
  lsq.learnable = true;
  QatModel qat(fixture.graph, fixture.plan, fixture.ptq, lsq);
  // Weights are symmetric (scale only), activations affine (scale and zero point).
  const size_t observed = static_cast<size_t>(std::count_if(fixture.plan.activations.begin(), fixture.plan.activations.end(),
                                                            [](const QuantizedActivation& a) { return a.observed(); }));
  EXPECT_EQ(qat.quantizerParameters().size(), fixture.plan.layers.size() + 2 * observed);

  std::mt19937 rng(8);
  const Tensor x = randomTensor({8, 1, 28, 28}, rng, 0.0f, 1.0f);
  const Tensor start = qat.training().forward({x})[0];
  const Tensor ptq = FakeQuantModel(fixture.graph, fixture.plan, withFloatBiases(fixture.ptq)).run({x})[0];
  EXPECT_LT(compareLogits(start, ptq).first, 1e-2f);

  Adam adam({1e-3f});
  QatRunOptions options;
  options.epochs = 2;
  std::vector<EpochStats> epochs;
  trainQat(qat, adam, *train, sampleOrder(train->size(), 256, 9), fashionPreprocessor(), options,
           [&](int64_t, const EpochStats& stats) { epochs.push_back(stats); });
  EXPECT_LT(epochs[1].meanLoss, epochs[0].meanLoss);
  const QuantState state = qat.quantState();
  EXPECT_NE(state.layers[0].weight->qparams.scales, fixture.ptq.layers[0].weight->qparams.scales);
  const Tensor expected = qat.training().forward({x})[0];
  const Tensor actual = FakeQuantModel(qat.graph(), fixture.plan, withFloatBiases(state)).run({x})[0];
  const auto [worst, flips] = compareLogits(actual, expected);
  EXPECT_LT(worst, 1e-2f);
  EXPECT_EQ(flips, 0);
}

}  // namespace
}  // namespace quantlens::test
