// Post-training quantization of the demo model end to end: plan, calibrate once on the 300 demo
// images, derive, run fake-quantized. FP32 top-1 there is 93.33 % (resources/demo/fashion_cnn.json).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "core/analysis/evaluate_model.h"
#include "core/quant/quant_state.h"
#include "core/runtime/fake_quant_model.h"
#include "tests/support/demo_ptq.h"

namespace quantlens {
namespace {

// The suite also measures FP32 top-1 once.
struct DemoWithFp32Top1 : testing::CalibratedDemo {
  double fp32Top1 =
      evaluateModel(Executor(model.graph), images, indices, testing::demoPreprocessor(), testing::demoBatches())
          .score.top1()
          .value();
};

class DemoPtq : public testing::DemoSuite<DemoWithFp32Top1> {
protected:
  static double quantizedTop1(const QuantState& state) {
    const FakeQuantModel model(graph(), s_shared->plan, state);
    return evaluateModel(model.executor(), s_shared->images, s_shared->indices, preprocessor(), options(),
                         &model.hooks())
        .score.top1()
        .value();
  }
};

TEST_F(DemoPtq, DefaultsKeepEveryWeightAbove30DbAndTop1WithinTwoPoints) {
  EXPECT_NEAR(s_shared->fp32Top1, 0.9333, 5e-4);
  const QuantState state = derive(QuantConfig::defaults());
  ASSERT_EQ(state.layers.size(), s_shared->plan.layers.size());
  ASSERT_FALSE(state.layers.empty());
  for (const LayerQuant& layer : state.layers) {
    ASSERT_TRUE(layer.quantized && layer.weight) << layer.layer;
    EXPECT_GT(layer.weight->error.sqnrDb, 30.0) << layer.layer;
  }
  // Every planned activation has qparams.
  EXPECT_EQ(state.activations.size(), s_shared->plan.activations.size());
  const double top1 = quantizedTop1(state);
  EXPECT_NEAR(top1, s_shared->fp32Top1, 0.02);
  std::cout << "[          ] demo: FP32 top-1 " << 100 * s_shared->fp32Top1 << " %, int8 (defaults) top-1 "
            << 100 * top1 << " %, requantize " << state.requantizeMs << " ms for " << state.layers.size()
            << " layers and " << state.activations.size() << " activations\n";
}

TEST_F(DemoPtq, Int4PerTensorWeightsAreVisiblyWorse) {
  const QuantState int8 = derive(QuantConfig::defaults());
  QuantConfig config = QuantConfig::defaults();
  config.weightScheme = QuantScheme::make({QuantDtype::Int4, 4}, true, Granularity::perTensor());
  const QuantState int4 = derive(config);
  double worstInt8 = INFINITY, worstInt4 = INFINITY;
  for (size_t i = 0; i < int8.layers.size(); ++i) {
    // Each layer loses at least the 4 bits (~24 dB) minus what per-channel scales gained.
    EXPECT_LT(int4.layers[i].weight->error.sqnrDb, int8.layers[i].weight->error.sqnrDb - 15.0) << int8.layers[i].layer;
    worstInt8 = std::min(worstInt8, int8.layers[i].weight->error.sqnrDb);
    worstInt4 = std::min(worstInt4, int4.layers[i].weight->error.sqnrDb);
  }
  const double top1Int8 = quantizedTop1(int8);
  const double top1Int4 = quantizedTop1(int4);
  EXPECT_LT(top1Int4, top1Int8 - 0.02);
  std::cout << "[          ] demo int4 per-tensor weights: top-1 " << 100 * top1Int4 << " % (int8 " << 100 * top1Int8
            << " %), worst weight SQNR " << worstInt4 << " dB (int8 " << worstInt8 << " dB)\n";
}

TEST_F(DemoPtq, SwitchingObserverChangesClipRangesWithoutRunningTheModel) {
  // The calibration statistics are all there is: every observer derives from the same ones.
  const int64_t batchesBefore = s_shared->calibration.statistics.at("input").batchCount();
  std::map<ObserverKind, QuantState> states;
  for (const ObserverKind kind : {ObserverKind::MinMax, ObserverKind::MovingAverage, ObserverKind::Histogram,
                                  ObserverKind::Percentile, ObserverKind::Entropy, ObserverKind::Mse}) {
    QuantConfig config = QuantConfig::defaults();
    config.activationObserver.kind = kind;
    states.emplace(kind, derive(config));
    std::cout << "[          ] demo requantize with " << observerKindName(kind) << ": "
              << states.at(kind).requantizeMs << " ms\n";
  }
  EXPECT_EQ(s_shared->calibration.statistics.at("input").batchCount(), batchesBefore);
  const QuantState& minMax = states.at(ObserverKind::MinMax);
  for (const auto& [kind, state] : states) {
    if (kind == ObserverKind::MinMax) continue;
    int differing = 0;
    for (const auto& [tensor, activation] : state.activations) {
      const ActivationQuant& reference = minMax.activations.at(tensor);
      EXPECT_EQ(activation.observed, reference.observed) << tensor;
      differing += activation.clip != reference.clip;
      // Every observer clips inside what calibration saw (ORT's and PyTorch's rules), up to the
      // histogram's last bin edge.
      const float slack = 1e-3f * (reference.observed.max - reference.observed.min);
      EXPECT_GE(activation.clip.min, reference.observed.min - slack) << tensor;
      EXPECT_LE(activation.clip.max, reference.observed.max + slack) << tensor;
    }
    EXPECT_GT(differing, 0) << observerKindName(kind);
    // Weights do not depend on the activation observer.
    for (size_t i = 0; i < state.layers.size(); ++i)
      EXPECT_EQ(state.layers[i].weight->qparams.scales, minMax.layers[i].weight->qparams.scales);
  }
  for (const auto& [tensor, activation] : minMax.activations) EXPECT_EQ(activation.clip, activation.observed) << tensor;
}

TEST_F(DemoPtq, IsolatedLayerLeavesOtherLayersFloat) {
  const QuantState state = derive(QuantConfig::defaults());
  const QuantizedLayer& first = s_shared->plan.layers.front();
  const FakeQuantModel isolated(graph(), s_shared->plan, state, FakeQuantSelection::onlyLayer(first.name));
  for (const QuantizedLayer& layer : s_shared->plan.layers) {
    const Tensor& weight = isolated.executor().graph().initializers.at(layer.weight);
    const Tensor& original = graph().initializers.at(layer.weight);
    if (layer.name == first.name) EXPECT_NE(weight.toFloatVector(), original.toFloatVector());
    else EXPECT_EQ(weight.toFloatVector(), original.toFloatVector()) << layer.name;
  }
  EXPECT_EQ(isolated.activationQParams().count(first.input), 1u);
  EXPECT_EQ(isolated.activationQParams().count(first.output), 1u);
  EXPECT_LT(isolated.activationQParams().size(), state.activations.size());
}

TEST_F(DemoPtq, KeepingTheResidualBranchFloatKeepsWhatTheFusedAddReadsQuantized) {
  // res_b's output feeds the residual Add, which is fused with the following Relu (PyTorch's
  // add-relu): the Add still reads res_b's output quantized, so its qparams must stay.
  QuantConfig config = QuantConfig::defaults();
  config.overrides["/res_b/res_b.0/Conv"].keepFloat = true;
  const QuantState state = deriveQuantization(s_shared->model.graph, s_shared->plan, s_shared->calibration, config);
  const QuantizedLayer* resB = s_shared->plan.findLayer("/res_b/res_b.0/Conv");
  ASSERT_NE(resB, nullptr);
  EXPECT_TRUE(state.activations.count(resB->output)) << resB->output;
  EXPECT_TRUE(state.activations.count(resB->input)) << resB->input;
}

}  // namespace
}  // namespace quantlens
