// The int8 executor on a ResNet-18-shaped model (bench/support, 32x32 input, 10 classes): strided and
// 1x1 downsample convolutions, MaxPool, eight add-relu residuals, GlobalAveragePool and Gemm, all on
// integer kernels, every tensor within one step of the fake-quant executor when fed its inputs.
#include <gtest/gtest.h>

#include <iostream>

#include "bench/support/synthetic_models.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "tests/core/quant/observer_fixture.h"
#include "tests/core/runtime/int8_test_support.h"

namespace quantlens {
namespace {

Tensor randomImages(int64_t batch, uint64_t seed) {
  testing::SplitMix64 rng(seed);
  Tensor tensor(DataType::Float32, {batch, 3, 32, 32});
  for (float& v : tensor.values<float>()) v = static_cast<float>(-2.0 + 4.0 * rng.uniform());
  return tensor;
}

TEST(Int8ResNet, EveryNodeRunsIntegerAndAgreesWithFakeQuant) {
  Graph graph = bench::resnet18Like(10, 32);
  prepareForAnalysis(graph);
  const QuantPlan plan = planQuantization(graph);
  const Executor fp32(graph);
  CalibrationResult calibration;
  for (const std::string& tensor : plan.observedTensors()) calibration.statistics.emplace(tensor, TensorStatistics{});
  ExecutionHooks record;
  record.onGraphInput = [&](const std::string& name, Tensor& value) { calibration.statistics.at(name).update(value); };
  record.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    if (auto found = calibration.statistics.find(node.outputs[0]); found != calibration.statistics.end())
      found->second.update(outputs[0]);
  };
  for (uint64_t b = 0; b < 3; ++b) fp32.run({randomImages(4, b)}, &record);
  calibration.samples = 12;
  const QuantState state = deriveQuantization(graph, plan, calibration, QuantConfig::defaults());

  const FakeQuantModel fakeQuant(graph, plan, state);
  const Int8Model int8(graph, plan, state);
  for (const Int8NodeInfo& node : int8.nodes())
    EXPECT_NE(node.backend, Int8Backend::Float) << node.name << ": " << node.detail;
  testing::StepAgreement agreement;
  for (uint64_t b = 10; b < 12; ++b) testing::compareWithFakeQuant(fakeQuant, int8, {randomImages(2, b)}, agreement);
  EXPECT_LE(agreement.perStep.maxSteps, 1.0 + 1e-4) << agreement.perStep.worstTensor;
  EXPECT_LE(agreement.perStep.differing, agreement.perStep.elements / 1000);
  // Running freely, the rare one-step differences travel through 20 layers; a real error (a wrong
  // zero point or scale) would move most values, not a few percent.
  EXPECT_LE(agreement.endToEnd.differing, agreement.endToEnd.elements / 10);
  std::cout << "[          ] resnet18Like 32x32: per step " << agreement.perStep.differing << " of "
            << agreement.perStep.elements << " values one step apart; end to end " << agreement.endToEnd.differing
            << ", at most " << agreement.endToEnd.maxSteps << " steps (" << agreement.endToEnd.worstTensor << ")\n";
}

}  // namespace
}  // namespace quantlens
