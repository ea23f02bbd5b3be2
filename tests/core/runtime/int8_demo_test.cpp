// The int8 executor on the demo model over the 300 demo images: every tensor within one quantization
// step of the fake-quant executor, every layer on integer kernels, and int8 top-1 equal to the
// fake-quant top-1 within 0.1 percentage points (CLI.md's `int8.top1` vs `quantized.top1`).
#include <gtest/gtest.h>

#include <iostream>

#include "core/analysis/evaluate_model.h"
#include "core/analysis/int8_accuracy.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/quant/quant_state.h"
#include "tests/core/runtime/int8_test_support.h"
#include "tests/support/demo_ptq.h"

namespace quantlens {
namespace {

// The suite also preprocesses the images once.
struct DemoWithBatches : testing::CalibratedDemo {
  std::vector<Tensor> batches = loadInputBatches(images, indices, testing::demoPreprocessor(), testing::demoBatches());
};

class DemoInt8 : public testing::DemoSuite<DemoWithBatches> {
protected:
  static testing::StepAgreement stepAgreement(const QuantState& state) {
    const FakeQuantModel fakeQuant(graph(), s_shared->plan, state);
    const Int8Model int8(graph(), s_shared->plan, state);
    testing::StepAgreement result;
    for (const Tensor& batch : s_shared->batches) testing::compareWithFakeQuant(fakeQuant, int8, {batch}, result);
    return result;
  }
};

TEST_F(DemoInt8, EveryLayerRunsOnIntegerKernels) {
  const Int8Model int8(graph(), s_shared->plan, derive(QuantConfig::defaults()));
  int integer = 0;
  for (const Int8NodeInfo& node : int8.nodes()) {
    EXPECT_NE(node.backend, Int8Backend::Float) << node.name << ": " << node.detail;
    integer += node.backend == Int8Backend::Int8;
  }
  // 6 Conv + Gemm, the add-relu, GlobalAveragePool and Flatten; the 6 Relu are fused.
  EXPECT_EQ(integer, 10);
}

TEST_F(DemoInt8, EveryTensorAgreesWithFakeQuantWithinOneStep) {
  QuantConfig int8Activations = QuantConfig::defaults();
  int8Activations.activationScheme = QuantScheme::make({QuantDtype::Int8, 8}, false);
  QuantConfig perTensor = QuantConfig::defaults();
  perTensor.weightScheme.granularity = Granularity::perTensor();
  QuantConfig onnxRuntime = QuantConfig::defaults();
  onnxRuntime.activationScheme->reference = QuantReference::OnnxRuntime;
  onnxRuntime.weightScheme.reference = QuantReference::OnnxRuntime;
  for (const auto& [label, config] :
       std::vector<std::pair<std::string, QuantConfig>>{{"defaults", QuantConfig::defaults()},
                                                        {"int8 activations", int8Activations},
                                                        {"per-tensor weights", perTensor},
                                                        {"onnxruntime arithmetic", onnxRuntime}}) {
    SCOPED_TRACE(label);
    const testing::StepAgreement result = stepAgreement(derive(config));
    // Fed the fake-quant executor's inputs, every step lands within one step of its outputs.
    EXPECT_LE(result.perStep.maxSteps, 1.0 + 1e-4) << result.perStep.worstTensor;
    EXPECT_LE(result.perStep.differing, result.perStep.elements / 1000);
    // The input and the outputs of the 10 steps (7 layers, add-relu, pooling, Flatten), every batch.
    EXPECT_EQ(result.perStep.tensors, 11 * static_cast<int64_t>(s_shared->batches.size()));
    // Running freely, those rare differences travel downstream and a few values end further apart.
    EXPECT_LE(result.endToEnd.differing, result.endToEnd.elements / 200);
    std::cout << "[          ] demo, " << label << ": per step " << result.perStep.differing << " of "
              << result.perStep.elements << " values one step apart (max " << result.perStep.maxSteps
              << "); end to end " << result.endToEnd.differing << " apart, at most " << result.endToEnd.maxSteps
              << " steps (" << result.endToEnd.worstTensor << ")\n";
  }
}

TEST_F(DemoInt8, Top1EqualsFakeQuantTop1WithinATenthOfAPoint) {
  const QuantState state = derive(QuantConfig::defaults());
  const QuantizedAccuracy accuracy =
      evaluateQuantized(graph(), s_shared->plan, state, s_shared->images, s_shared->indices, preprocessor(), options());
  const Int8Model int8(graph(), s_shared->plan, state);
  const EvaluationResult result =
      evaluateInt8Model(int8, s_shared->images, s_shared->indices, preprocessor(), options());
  const double quantizedTop1 = accuracy.quantized.score.top1().value(), int8Top1 = result.score.top1().value();
  EXPECT_NEAR(int8Top1, quantizedTop1, 0.001);
  const double agreed = quantlens::agreement(accuracy.quantized.score.predictions(), result.score.predictions());
  std::cout << "[          ] demo top-1: FP32 " << 100 * accuracy.fp32.score.top1().value() << " %, fake-quant "
            << 100 * quantizedTop1 << " %, int8 " << 100 * int8Top1 << " %; int8 agrees with fake-quant on "
            << 100 * agreed << " % of " << result.score.samples() << " images\n";
}

}  // namespace
}  // namespace quantlens
