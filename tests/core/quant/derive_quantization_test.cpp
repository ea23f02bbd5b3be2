// deriveQuantization: weight and activation qparams, overrides, int32 biases and shared activations,
// checked against values derived by hand from PyTorch's and ONNX Runtime's formulas.
#include "core/quant/quant_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/qparams.h"
#include "core/quant/quantize.h"
#include "core/quant/weight_quantization.h"
#include "tests/core/quant/derive_test_support.h"
#include "tests/core/quant/plan_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::makeLayer;
using testing::makeNode;
using testing::minMaxConfig;
using testing::statisticsOf;
using testing::valuesOf;

// fc: Gemm(transB=1) reading "x" with weight [2, 3] and bias [2], output "y".
struct GemmModel {
  Graph graph;
  QuantPlan plan;
  CalibrationResult calibration;
};

GemmModel gemmModel(std::vector<float> weight, std::vector<float> bias = {0.1f, -0.2f}) {
  GemmModel model;
  model.graph = testing::graphWithInput({3}, {"y"});
  model.graph.initializers["W"] = Tensor::fromVector<float>({2, 3}, weight);
  model.graph.initializers["B"] = Tensor::fromVector<float>({2}, bias);
  Attributes transB;
  transB.set("transB", int64_t{1});
  model.graph.nodes.push_back(makeNode("fc", "Gemm", {"x", "W", "B"}, {"y"}, transB));
  model.plan.layers.push_back(makeLayer("fc", "Gemm", 0, "W", "B", "x", "y", /*channelAxis=*/0, /*reductionAxis=*/1));
  model.plan.activations = {{"x", ""}, {"y", ""}};
  // x saw [-1, 2]: uint8 affine minmax qparams are (3/255, 85), REFERENCE-SEMANTICS §1.3.
  model.calibration.statistics.emplace("x", statisticsOf({-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 2.0f}));
  model.calibration.statistics.emplace("y", statisticsOf({-4.0f, 4.0f}));
  return model;
}

TEST(DeriveQuantization, PerChannelSymmetricInt8WeightsUsePyTorchsAmaxOver127point5) {
  // Rows [-1, 0, 2] and [0.1, 0.2, 0.4]: PyTorch's per_channel_symmetric qint8 scale is
  // amax / ((127 - -128) / 2) = amax / 127.5 per row (REFERENCE-SEMANTICS §1.3, [torch 1.13]:
  // 0.0156862754 and 0.0031372549).
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, minMaxConfig());
  ASSERT_EQ(state.layers.size(), 1u);
  const LayerQuant& fc = state.layers[0];
  EXPECT_EQ(fc.layer, "fc");
  ASSERT_TRUE(fc.quantized && fc.weight);
  const WeightQuant& w = *fc.weight;
  EXPECT_EQ(w.qparams.scheme.granularity, Granularity::perChannel(0));
  EXPECT_THAT(w.qparams.scales, ElementsAre(2.0f / 127.5f, 0.4f / 127.5f));
  EXPECT_FLOAT_EQ(w.qparams.scales[0], 0.0156862754f);
  EXPECT_FLOAT_EQ(w.qparams.scales[1], 0.0031372549f);
  EXPECT_THAT(w.qparams.zeroPoints, ElementsAre(0, 0));
  ASSERT_EQ(w.ranges.size(), 2u);
  EXPECT_EQ(w.ranges[0], (ClipRange{-1.0f, 2.0f}));
  EXPECT_EQ(w.ranges[1], (ClipRange{0.1f, 0.4f}));
  // Codes x · f32(1/s) rounded half to even and clamped to [-128, 127]:
  // row 0: -1 → -63.75 → -64; 0 → 0; 2 → 127.5 → 127 (clamped);
  // row 1: 0.1 → 31.875 → 32; 0.2 → 63.75 → 64; 0.4 → 127.5 → 127.
  const float s0 = w.qparams.scales[0], s1 = w.qparams.scales[1];
  const std::vector<float> expected = {-64 * s0, 0.0f, 127 * s0, 32 * s1, 64 * s1, 127 * s1};
  EXPECT_EQ(valuesOf(w.dequantized), expected);
  EXPECT_EQ(w.dequantized.shape(), (Shape{2, 3}));
  // The error is the weight against those values.
  double signal = 0.0, noise = 0.0, worst = 0.0;
  const std::vector<float> weight = {-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f};
  for (size_t i = 0; i < weight.size(); ++i) {
    const double e = static_cast<double>(weight[i]) - expected[i];
    signal += static_cast<double>(weight[i]) * weight[i];
    noise += e * e;
    worst = std::max(worst, std::fabs(e));
  }
  EXPECT_NEAR(w.error.sqnrDb, 10.0 * std::log10(signal / noise), 1e-9);
  EXPECT_NEAR(w.error.mse, noise / 6.0, 1e-15);
  EXPECT_DOUBLE_EQ(w.error.maxAbsError, worst);
  EXPECT_GE(state.requantizeMs, 0.0);
}

TEST(DeriveQuantization, OnnxRuntimeReferenceUsesAmaxOver127) {
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  QuantConfig config = minMaxConfig();
  config.weightScheme.reference = QuantReference::OnnxRuntime;
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, config);
  // ORT's symmetric int8 range is [-127, 127]: scale = float64(2 · amax) / 254, then float32.
  EXPECT_THAT(state.layers[0].weight->qparams.scales,
              ElementsAre(static_cast<float>(4.0 / 254.0), static_cast<float>(static_cast<double>(0.8f) / 254.0)));
}

TEST(DeriveQuantization, PerGroupSlotsFollowOnnxBlockedLayoutAlongTheReductionAxis) {
  // Conv weight [O=2, I=3, 1, 1], groups of 2 input channels (reductionAxis 1): slots
  // [2, ceil(3/2) = 2, 1, 1] row-major = (o0, i0..1), (o0, i2), (o1, i0..1), (o1, i2).
  Graph graph = testing::graphWithInput({3, 1, 1}, {"y"});
  graph.initializers["W"] = Tensor::fromVector<float>({2, 3, 1, 1}, {1.0f, 2.0f, 4.0f, 0.5f, 0.25f, 8.0f});
  graph.nodes.push_back(makeNode("conv", "Conv", {"x", "W"}, {"y"}));
  QuantPlan plan;
  plan.layers.push_back(makeLayer("conv", "Conv", 0, "W", "", "x", "y", 0, 1));
  QuantConfig config = minMaxConfig();
  config.activationScheme.reset();
  config.weightScheme.granularity = Granularity::perGroup(2);
  const QuantState state = deriveQuantization(graph, plan, {}, config);
  const WeightQuant& w = *state.layers[0].weight;
  EXPECT_EQ(w.qparams.scheme.granularity, Granularity::perGroup(2, 1));
  // Symmetric int8: amax / 127.5 per slot, amax = 2, 4, 0.5, 8.
  const float s0 = 2.0f / 127.5f, s1 = 4.0f / 127.5f, s2 = 0.5f / 127.5f, s3 = 8.0f / 127.5f;
  EXPECT_THAT(w.qparams.scales, ElementsAre(s0, s1, s2, s3));
  EXPECT_EQ(w.ranges[0], (ClipRange{1.0f, 2.0f}));
  EXPECT_EQ(w.ranges[1], (ClipRange{4.0f, 4.0f}));
  EXPECT_EQ(w.ranges[3], (ClipRange{8.0f, 8.0f}));
  // Each slot's amax → 127.5 → 127 (rounded or clamped); half of it → 63.75 → 64.
  EXPECT_EQ(valuesOf(w.dequantized), (std::vector<float>{64 * s0, 127 * s0, 127 * s1, 127 * s2, 64 * s2, 127 * s3}));
  EXPECT_TRUE(state.activations.empty());
}

TEST(DeriveQuantization, PerGroupAlongAxisZeroOfAMatMulWeight) {
  // MatMul weight [K=4, N=2] (channelAxis 1, reductionAxis 0), groups of 2 rows: slots [2, 2]
  // row-major = (rows 0-1, n0), (rows 0-1, n1), (rows 2-3, n0), (rows 2-3, n1).
  Graph graph = testing::graphWithInput({4}, {"y"});
  graph.initializers["W"] = Tensor::fromVector<float>({4, 2}, {1.0f, 10.0f, -3.0f, 20.0f, 0.5f, -40.0f, 0.25f, 80.0f});
  graph.nodes.push_back(makeNode("mm", "MatMul", {"x", "W"}, {"y"}));
  QuantPlan plan;
  plan.layers.push_back(makeLayer("mm", "MatMul", 0, "W", "", "x", "y", 1, 0));
  QuantConfig config = minMaxConfig();
  config.activationScheme.reset();
  config.weightScheme.granularity = Granularity::perGroup(2);
  const QuantState state = deriveQuantization(graph, plan, {}, config);
  EXPECT_THAT(state.layers[0].weight->qparams.scales,
              ElementsAre(3.0f / 127.5f, 20.0f / 127.5f, 0.5f / 127.5f, 80.0f / 127.5f));
  // Per-channel on the same layer uses its output channels, axis 1: amax 3 and 80.
  config.weightScheme.granularity = Granularity::perChannel();
  const QuantState perChannel = deriveQuantization(graph, plan, {}, config);
  EXPECT_EQ(perChannel.layers[0].weight->qparams.scheme.granularity, Granularity::perChannel(1));
  EXPECT_THAT(perChannel.layers[0].weight->qparams.scales, ElementsAre(3.0f / 127.5f, 80.0f / 127.5f));
}

TEST(DeriveQuantization, KeepFloatOverrideLeavesTheLayerUntouched) {
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  QuantConfig config = minMaxConfig();
  config.overrides["fc"].keepFloat = true;
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, config);
  ASSERT_EQ(state.layers.size(), 1u);
  EXPECT_FALSE(state.layers[0].quantized);
  EXPECT_FALSE(state.layers[0].weight.has_value());
  EXPECT_FALSE(state.layers[0].dequantizedBias.has_value());
  // Only the float layer reads x and writes y, so both stay float.
  EXPECT_TRUE(state.activations.empty());
}

TEST(DeriveQuantization, WeightBitsOverrideNarrowsThatLayerOnly) {
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  QuantConfig config = minMaxConfig();
  config.overrides["fc"].weightBits = 4;
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, config);
  const WeightQuant& w = *state.layers[0].weight;
  EXPECT_EQ(w.qparams.scheme.dtype, QuantDtype::Int4);
  EXPECT_EQ(w.qparams.scheme.bits, 4);
  // int4 as PyTorch's custom range [-8, 7]: scale = amax / ((7 - -8) / 2) = amax / 7.5.
  EXPECT_THAT(w.qparams.scales, ElementsAre(2.0f / 7.5f, 0.4f / 7.5f));
  // Row 0: -1 / (2/7.5) = -3.75 → -4; 0 → 0; 2 → 7.5 → 7 (clamped).
  const float s0 = w.qparams.scales[0];
  const std::vector<float> dequantized = valuesOf(w.dequantized);
  EXPECT_EQ(std::vector<float>(dequantized.begin(), dequantized.begin() + 3),
            (std::vector<float>{-4 * s0, 0.0f, 7 * s0}));
  // Narrower than the configured int8: a larger error.
  const QuantState int8 = deriveQuantization(model.graph, model.plan, model.calibration, minMaxConfig());
  EXPECT_LT(w.error.sqnrDb, int8.layers[0].weight->error.sqnrDb - 10.0);
}

TEST(DeriveQuantization, BiasBecomesInt32WithTheInputScaleTimesEachChannelsWeightScale) {
  // Bias [0.1, -0.2]; input x: scale 3/255 (minmax over [-1, 2], uint8 affine); weight scales
  // 2/127.5 and 0.4/127.5. Bias scales s_b = f32(s_in · s_w[c]); codes rne(b / s_b):
  // 0.1 / (0.0117647 · 0.0156863 = 1.84544e-4) = 541.875 → 542;
  // -0.2 / (0.0117647 · 0.0031373 = 3.69089e-5) = -5418.75 → -5419.
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, minMaxConfig());
  const float sIn = state.activations.at("x").qparams.scales[0];
  EXPECT_EQ(sIn, 3.0f / 255.0f);
  const std::vector<float>& sW = state.layers[0].weight->qparams.scales;
  ASSERT_TRUE(state.layers[0].dequantizedBias.has_value());
  EXPECT_EQ(valuesOf(*state.layers[0].dequantizedBias),
            (std::vector<float>{542.0f * (sIn * sW[0]), -5419.0f * (sIn * sW[1])}));
  EXPECT_THAT(quantizeBias(model.graph.initializers.at("B"), sIn, sW), ElementsAre(542, -5419));
}

TEST(DeriveQuantization, BiasCodesRoundHalfToEvenAndSaturate) {
  // s_in = 0.5, s_w = [0.25, 0.125] → s_b = [0.125, 0.0625], exact in binary.
  // 0.3125 / 0.125 = 2.5 → 2; -0.21875 / 0.0625 = -3.5 → -4 (ties to even).
  const Tensor bias = Tensor::fromVector<float>({2}, {0.3125f, -0.21875f});
  const float weightScales[] = {0.25f, 0.125f};
  EXPECT_THAT(quantizeBias(bias, 0.5f, weightScales), ElementsAre(2, -4));
  EXPECT_EQ(valuesOf(fakeQuantizeBias(bias, 0.5f, weightScales)), (std::vector<float>{0.25f, -0.25f}));
  // One per-tensor weight scale serves every channel; huge ratios saturate to the int32 range.
  const float perTensor[] = {1e-6f};
  EXPECT_THAT(quantizeBias(Tensor::fromVector<float>({2}, {1e9f, -1e9f}), 1e-6f, perTensor),
              ElementsAre(std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min()));
  const float twoScales[] = {0.25f, 0.125f};
  EXPECT_THROW(quantizeBias(Tensor::fromVector<float>({3}, {1, 2, 3}), 0.5f, twoScales), Error);
  EXPECT_THROW(quantizeBias(Tensor::fromVector<float>({2}, {1, NAN}), 0.5f, twoScales), Error);
}

TEST(DeriveQuantization, BiasStaysFloatWithoutAnIntegerAccumulator) {
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  // Per-group weights: several weight scales per output channel (see biasIsQuantizable).
  QuantConfig perGroup = minMaxConfig();
  perGroup.weightScheme.granularity = Granularity::perGroup(2);
  EXPECT_FALSE(deriveQuantization(model.graph, model.plan, model.calibration, perGroup).layers[0].dequantizedBias);
  // Weights only (--act-dtype none): no input scale.
  QuantConfig weightsOnly = minMaxConfig();
  weightsOnly.activationScheme.reset();
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, weightsOnly);
  EXPECT_FALSE(state.layers[0].dequantizedBias);
  EXPECT_TRUE(state.activations.empty());
  // FP8 weights.
  QuantConfig fp8 = minMaxConfig();
  fp8.weightScheme = QuantScheme::make({QuantDtype::Fp8E4M3, 8}, true, Granularity::perChannel());
  const QuantState fp8State = deriveQuantization(model.graph, model.plan, model.calibration, fp8);
  EXPECT_FALSE(fp8State.layers[0].dequantizedBias);
  EXPECT_THAT(fp8State.layers[0].weight->qparams.scales, ElementsAre(2.0f / 448.0f, 0.4f / 448.0f));
}

TEST(DeriveQuantization, MinMaxActivationQParamsEqualComputeQParamsOfTheObservedRange) {
  const GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  const QuantConfig config = minMaxConfig();
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, config);
  const ActivationQuant& x = state.activations.at("x");
  EXPECT_EQ(x.tensor, "x");
  EXPECT_EQ(x.observed, (ClipRange{-1.0f, 2.0f}));
  EXPECT_EQ(x.clip, x.observed);
  const QParams expected = computeQParams(-1.0f, 2.0f, *config.activationScheme);
  EXPECT_EQ(x.qparams.scales, expected.scales);
  EXPECT_EQ(x.qparams.zeroPoints, expected.zeroPoints);
  // REFERENCE-SEMANTICS §1.3 [torch 1.13]: MinMax quint8 affine over [-1, 2] is (0.0117647061, 85).
  EXPECT_FLOAT_EQ(x.qparams.scales[0], 0.0117647061f);
  EXPECT_EQ(x.qparams.zeroPoints[0], 85);
  EXPECT_EQ(x.qparams.scheme.granularity.kind, GranularityKind::PerTensor);
}

TEST(DeriveQuantization, SwitchingObserverChangesClipRangesFromTheSameStatistics) {
  GemmModel model = gemmModel({-1.0f, 0.0f, 2.0f, 0.1f, 0.2f, 0.4f});
  // y: a thousand values in [0, 1] and one outlier at 10 (REFERENCE-SEMANTICS §1.4's example:
  // the histogram search clips to (0, 9.9951171875), minmax keeps (0, 10)).
  std::vector<float> values;
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<float>(i) / 999.0f);
  values.push_back(10.0f);
  model.calibration.statistics.insert_or_assign("y", statisticsOf(values));
  QuantConfig config = minMaxConfig();
  const QuantState minMax = deriveQuantization(model.graph, model.plan, model.calibration, config);
  config.activationObserver.kind = ObserverKind::Percentile;
  config.activationObserver.percentile = 99.0;
  const QuantState percentile = deriveQuantization(model.graph, model.plan, model.calibration, config);
  EXPECT_EQ(minMax.activations.at("y").clip, (ClipRange{0.0f, 10.0f}));
  EXPECT_LT(percentile.activations.at("y").clip.max, 1.5f);
  EXPECT_LT(percentile.activations.at("y").qparams.scales[0], minMax.activations.at("y").qparams.scales[0]);
  // The observed range is the statistics', whatever the observer.
  EXPECT_EQ(percentile.activations.at("y").observed, (ClipRange{0.0f, 10.0f}));
  // Weights do not depend on the activation observer.
  EXPECT_EQ(percentile.layers[0].weight->qparams.scales, minMax.layers[0].weight->qparams.scales);
}

TEST(DeriveQuantization, ObserverSettingsFollowTheActivationScheme) {
  QuantScheme int4 = QuantScheme::make({QuantDtype::Int4, 4}, /*symmetric=*/true);
  ObserverSettings settings;
  settings.kind = ObserverKind::Histogram;
  settings.perChannel = true;
  const ObserverSettings derived = activationObserverFor(settings, int4);
  EXPECT_EQ(derived.bits, 4);
  EXPECT_TRUE(derived.symmetric);
  EXPECT_FALSE(derived.isUnsigned);
  EXPECT_FALSE(derived.perChannel);
  const ObserverSettings uint8 = activationObserverFor(settings, QuantScheme::make({QuantDtype::UInt8, 8}, false));
  EXPECT_EQ(uint8.bits, 8);
  EXPECT_FALSE(uint8.symmetric);
  EXPECT_TRUE(uint8.isUnsigned);
}

// x → conv1 (+ fused relu) → r1 → pool (shares r1's qparams) → p → conv2 → y.
struct TwoConvModel {
  Graph graph;
  QuantPlan plan;
  CalibrationResult calibration;
};

TwoConvModel twoConvModel() {
  TwoConvModel model;
  model.graph = testing::graphWithInput({1, 2, 2}, {"y"});
  model.graph.initializers["W1"] = Tensor::fromVector<float>({1, 1, 1, 1}, {0.5f});
  model.graph.initializers["W2"] = Tensor::fromVector<float>({1, 1, 1, 1}, {-2.0f});
  model.graph.nodes.push_back(makeNode("conv1", "Conv", {"x", "W1"}, {"c1"}));
  model.graph.nodes.push_back(makeNode("relu1", "Relu", {"c1"}, {"r1"}));
  model.graph.nodes.push_back(makeNode("pool", "MaxPool", {"r1"}, {"p"}));
  model.graph.nodes.push_back(makeNode("conv2", "Conv", {"p", "W2"}, {"y"}));
  QuantizedLayer conv1 = makeLayer("conv1", "Conv", 0, "W1", "", "x", "r1");
  conv1.fusedActivation = 1;
  model.plan.layers = {conv1, makeLayer("conv2", "Conv", 3, "W2", "", "p", "y")};
  model.plan.activations = {{"x", ""}, {"r1", ""}, {"p", "r1"}, {"y", ""}};
  model.calibration.statistics.emplace("x", statisticsOf({-3.0f, 5.0f}));
  model.calibration.statistics.emplace("r1", statisticsOf({0.0f, 2.5f}));
  model.calibration.statistics.emplace("y", statisticsOf({-5.0f, 0.0f}));
  return model;
}

TEST(DeriveQuantization, SharedActivationCopiesItsSourcesQParams) {
  const TwoConvModel model = twoConvModel();
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, minMaxConfig());
  ASSERT_EQ(state.activations.size(), 4u);
  const ActivationQuant& source = state.activations.at("r1");
  const ActivationQuant& shared = state.activations.at("p");
  EXPECT_EQ(shared.tensor, "p");
  EXPECT_EQ(shared.qparams.scales, source.qparams.scales);
  EXPECT_EQ(shared.qparams.zeroPoints, source.qparams.zeroPoints);
  EXPECT_EQ(shared.clip, source.clip);
  EXPECT_EQ(shared.observed, (ClipRange{0.0f, 2.5f}));
  // [0, 2.5] uint8 affine: scale 2.5/255, zero point 0.
  EXPECT_EQ(shared.qparams.scales[0], 2.5f / 255.0f);
  EXPECT_EQ(shared.qparams.zeroPoints[0], 0);
}

TEST(DeriveQuantization, FloatLayerDropsActivationsNoQuantizedOpNeeds) {
  const TwoConvModel model = twoConvModel();
  QuantConfig config = minMaxConfig();
  config.overrides["conv1"].keepFloat = true;
  const QuantState state = deriveQuantization(model.graph, model.plan, model.calibration, config);
  // x is read by conv1 only: float. r1 and p form one group that conv2 (quantized) reads: kept.
  EXPECT_EQ(state.activations.count("x"), 0u);
  EXPECT_EQ(state.activations.count("r1"), 1u);
  EXPECT_EQ(state.activations.count("p"), 1u);
  EXPECT_EQ(state.activations.count("y"), 1u);
  EXPECT_FALSE(state.layers[0].quantized);
  EXPECT_TRUE(state.layers[1].quantized);

  config.overrides["conv2"].keepFloat = true;
  EXPECT_TRUE(deriveQuantization(model.graph, model.plan, model.calibration, config).activations.empty());
}

TEST(DeriveQuantization, ErrorsNameTheTensorOrLayer) {
  TwoConvModel model = twoConvModel();
  model.calibration.statistics.erase("r1");
  try {
    deriveQuantization(model.graph, model.plan, model.calibration, minMaxConfig());
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("'r1'"));
  }
  TwoConvModel nanWeight = twoConvModel();
  nanWeight.graph.initializers["W2"] = Tensor::fromVector<float>({1, 1, 1, 1}, {NAN});
  try {
    deriveQuantization(nanWeight.graph, nanWeight.plan, nanWeight.calibration, minMaxConfig());
    FAIL() << "expected an Error";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("'W2'"));
    EXPECT_THAT(error.what(), HasSubstr("'conv2'"));
  }
  QuantConfig unknown = minMaxConfig();
  unknown.overrides["nope"].keepFloat = true;
  EXPECT_THROW(deriveQuantization(model.graph, model.plan, model.calibration, unknown), Error);
  QuantConfig badBits = minMaxConfig();
  badBits.overrides["conv1"].weightBits = 1;
  EXPECT_THROW(deriveQuantization(model.graph, model.plan, model.calibration, badBits), Error);
}

}  // namespace
}  // namespace quantlens
