// The training graph on the demo model (BN folded): its forward equals the FP32 executor, its
// parameter gradients match finite differences, and one epoch of QAT with 4-bit weights lowers
// the loss.
#include "core/train/training_graph.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <random>

#include "core/data/idx_dataset.h"
#include "core/data/preprocessor.h"
#include "core/data/sample_order.h"
#include "core/graph/onnx_import.h"
#include "core/runtime/executor.h"
#include "core/train/fake_quantizer.h"
#include "core/train/sgd.h"
#include "core/train/softmax_cross_entropy.h"
#include "core/train/train_loop.h"
#include "tests/core/train/gradient_check.h"
#include "tests/support/demo_ptq.h"

namespace quantlens::test {
namespace {

Graph preparedDemo() {
  Model model = importOnnxFile(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx");
  prepareForTraining(model.graph);
  return std::move(model.graph);
}

TEST(TrainingGraph, FoldsBatchNormAndComputesWhatTheExecutorComputes) {
  const Graph original = importOnnxFile(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx").graph;
  TrainingGraph graph(preparedDemo());
  for (const Node& node : graph.graph().nodes) EXPECT_NE(node.opType, "BatchNormalization");
  // 6 Conv weights + 6 folded biases + Gemm weight and bias.
  EXPECT_EQ(graph.parameterNames().size(), 14u);

  std::mt19937 rng(3);
  const Tensor x = randomTensor({4, 1, 28, 28}, rng, 0.0f, 1.0f);
  const Tensor expected = Executor(original).run({x})[0];
  const Tensor actual = graph.forward({x})[0];
  ASSERT_EQ(actual.shape(), expected.shape());
  for (int64_t i = 0; i < actual.numel(); ++i)
    EXPECT_NEAR(actual.data<float>()[i], expected.data<float>()[i], 1e-4) << i;
}

TEST(TrainingGraph, DemoModelParameterGradientsMatchFiniteDifferences) {
  // Sampled: 8 elements of every parameter tensor and of the input. Some of the ~10⁴ ReLU inputs
  // lie within any step of 0 (one at 1.5e-5 for this seed), and a difference straddling a kink
  // is wrong by half that position's share whatever the step, so elements whose ±step changes
  // any ReLU's sign pattern are skipped (about half are; at least a third must be compared).
  // Float logits carry about 1e-6 of noise, 5e-4 in the quotient at step 1e-3: hence the looser
  // tolerance than the one-op checks.
  std::mt19937 rng(4);
  GradientCheckOptions options;
  options.step = 1e-3;
  options.absolute = 3e-3;
  options.relative = 1e-2;
  options.maxElements = 8;
  options.skipReluKinks = true;
  checkGradients(preparedDemo(), {randomTensor({2, 1, 28, 28}, rng, 0.0f, 1.0f)}, 5, options);
}

const std::filesystem::path kFashionMnist = "/usr/share/datasets/fashion-mnist";

TEST(QuantizationAwareTraining, OneEpochWithFourBitWeightsLowersTheLossOnTheDemoModel) {
  if (!std::filesystem::exists(kFashionMnist / "train-images-idx3-ubyte.gz"))
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const IdxDataset train(kFashionMnist / "train-images-idx3-ubyte.gz", kFashionMnist / "train-labels-idx1-ubyte.gz");
  const IdxDataset test(kFashionMnist / "t10k-images-idx3-ubyte.gz", kFashionMnist / "t10k-labels-idx1-ubyte.gz");
  const std::vector<int64_t> trainIndices = sampleOrder(train.size(), 512, 1);
  const std::vector<int64_t> testIndices = sampleOrder(test.size(), 512);
  const Preprocessor preprocessor = testing::demoPreprocessor();

  TrainingGraph graph(preparedDemo());
  const EpochStats fp32 = evaluateLoss(graph, test, testIndices, preprocessor);

  // PyTorch-style QAT: 4-bit per-tensor symmetric weights ([-8, 7], tracking the current weights)
  // and uint8 affine activations after every ReLU (moving average, c = 0.01).
  QuantScheme weightScheme = QuantScheme::make({QuantDtype::Int4, 4}, true);
  QuantScheme activationScheme = QuantScheme::make({QuantDtype::UInt8, 8}, false);
  std::vector<std::unique_ptr<FakeQuantizer>> quantizers;
  for (const Node& node : graph.graph().nodes) {
    if (node.opType == "Conv" || node.opType == "Gemm") {
      quantizers.push_back(std::make_unique<FakeQuantizer>(weightScheme, 1.0f));
      graph.setQuantizer(node.inputs[1], quantizers.back().get());
    } else if (node.opType == "Relu") {
      quantizers.push_back(std::make_unique<FakeQuantizer>(activationScheme));
      graph.setQuantizer(node.outputs[0], quantizers.back().get());
    }
  }
  auto setObservers = [&](bool enabled) {
    for (auto& q : quantizers) q->setObserverEnabled(enabled);
  };
  evaluateLoss(graph, train, trainIndices, preprocessor);  // calibration: the observers' first ranges
  setObservers(false);
  const EpochStats before = evaluateLoss(graph, test, testIndices, preprocessor);

  setObservers(true);
  Sgd optimizer({0.01f, 0.9f, 1e-4f});
  TrainLoopOptions options;
  options.batchSize = 32;
  const int64_t steps = (static_cast<int64_t>(trainIndices.size()) + options.batchSize - 1) / options.batchSize;
  options.learningRate = [steps](int64_t step) { return cosineLearningRate(0.01f, step, steps); };
  int64_t step = 0;
  const EpochStats epoch = trainEpoch(graph, train, trainIndices, preprocessor, optimizer, step, options);
  setObservers(false);
  const EpochStats after = evaluateLoss(graph, test, testIndices, preprocessor);

  std::cout << "  FP32 loss " << fp32.meanLoss << " top-1 " << fp32.accuracy << "\n"
            << "  4-bit weights before QAT: loss " << before.meanLoss << " top-1 " << before.accuracy << "\n"
            << "  training epoch (512 images): mean loss " << epoch.meanLoss << "\n"
            << "  after 1 epoch of QAT: loss " << after.meanLoss << " top-1 " << after.accuracy << "\n";
  EXPECT_EQ(step, steps);
  EXPECT_EQ(epoch.samples, 512);
  EXPECT_LT(after.meanLoss, before.meanLoss);
}

}  // namespace
}  // namespace quantlens::test
