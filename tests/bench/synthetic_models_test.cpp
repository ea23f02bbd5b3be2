// Tests of the synthetic benchmark models: their shapes, parameter counts and that they run.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench/support/synthetic_models.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"

namespace quantlens::bench {
namespace {

std::map<std::string, int> opCounts(const Graph& graph) {
  std::map<std::string, int> counts;
  for (const Node& node : graph.nodes) ++counts[node.opType];
  return counts;
}

Tensor uniformInput(Shape shape) {
  Tensor tensor(DataType::Float32, std::move(shape));
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (float& v : tensor.values<float>()) v = dist(rng);
  return tensor;
}

void expectFiniteAndVaried(const Tensor& logits) {
  const std::vector<float> values = logits.toFloatVector();
  double sum = 0.0, sumSquares = 0.0;
  for (float v : values) {
    ASSERT_TRUE(std::isfinite(v));
    sum += v;
    sumSquares += static_cast<double>(v) * v;
  }
  const double mean = sum / static_cast<double>(values.size());
  // Random weights give different logits per class, not one repeated value.
  EXPECT_GT(sumSquares / static_cast<double>(values.size()) - mean * mean, 1e-6);
}

// Parameters by hand (conv: out*in*k*k + out bias; BatchNormalization is folded into the bias):
//   conv1 7x7 3->64                  9,408 + 64        =     9,472
//   layer1: 4 x 3x3 64->64           4 x (36,864 + 64) =   147,712
//   layer2: 3x3 64->128              73,728 + 128      =    73,856
//           3 x 3x3 128->128         3 x (147,456+128) =   442,752
//           1x1 downsample 64->128   8,192 + 128       =     8,320
//   layer3: 3x3 128->256             294,912 + 256     =   295,168
//           3 x 3x3 256->256         3 x (589,824+256) = 1,770,240
//           1x1 downsample 128->256  32,768 + 256      =    33,024
//   layer4: 3x3 256->512             1,179,648 + 512   = 1,180,160
//           3 x 3x3 512->512         3 x (2,359,296+512) = 7,079,424
//           1x1 downsample 256->512  131,072 + 512     =   131,584
//   fc 512->1000                     512,000 + 1,000   =   513,000
//   total                                                11,684,712
// Cross-check: torchvision's resnet18 has 11,689,512 parameters with bias-free convs and 2 BN
// parameters per channel over 4,800 BN channels; folding leaves 1 bias per channel, 4,800 fewer.
constexpr int64_t kResNet18Parameters = 11'684'712;

TEST(SyntheticModels, ResNet18LikeHasResNet18sLayersAndParameterCount) {
  const Graph graph = resnet18Like();
  EXPECT_EQ(graph.parameterCount(), kResNet18Parameters);
  // 1 stem + 16 block convs + 3 downsample convs; 1 stem Relu + 2 per block; one Add per block.
  const std::map<std::string, int> expected = {{"Add", 8},     {"Conv", 20},
                                               {"Flatten", 1}, {"Gemm", 1},
                                               {"GlobalAveragePool", 1}, {"MaxPool", 1},
                                               {"Relu", 17}};
  EXPECT_EQ(opCounts(graph), expected);
  ASSERT_EQ(graph.inputs.size(), 1u);
  EXPECT_EQ(describeValue(graph.inputs[0]), "float32 [batch, 3, 224, 224]");
  ASSERT_EQ(graph.outputs.size(), 1u);
  EXPECT_EQ(describeValue(graph.outputs[0]), "float32 [batch, 1000]");
}

TEST(SyntheticModels, ResNet18LikeClassCountOnlyChangesTheClassifier) {
  // fc 512->10: 5,120 + 10 instead of 513,000.
  const Graph graph = resnet18Like(10, 32);
  EXPECT_EQ(graph.parameterCount(), kResNet18Parameters - 513'000 + 5'130);
  EXPECT_EQ(describeValue(graph.inputs[0]), "float32 [batch, 3, 32, 32]");
  EXPECT_EQ(describeValue(graph.outputs[0]), "float32 [batch, 10]");
}

TEST(SyntheticModels, MiniCnnHasItsParameterCount) {
  // conv1 3x3 1->32: 288 + 32 = 320; conv2 3x3 32->64: 18,432 + 64 = 18,496;
  // 28x28 kept by padding 1, MaxPool 2 -> 64 x 14 x 14 = 12,544 features;
  // fc1 12,544->512: 6,422,528 + 512 = 6,423,040; fc2 512->10: 5,120 + 10 = 5,130.
  // Total 320 + 18,496 + 6,423,040 + 5,130 = 6,446,986.
  const Graph graph = miniCnn();
  EXPECT_EQ(graph.parameterCount(), 6'446'986);
  EXPECT_EQ(describeValue(graph.inputs[0]), "float32 [batch, 1, 28, 28]");
  EXPECT_EQ(describeValue(graph.outputs[0]), "float32 [batch, 10]");
}

TEST(SyntheticModels, WeightsAreHeNormalAndSeeded) {
  const Graph a = resnet18Like();
  const Graph b = resnet18Like();
  const Graph c = resnet18Like(1000, 224, 19);
  const Tensor& weight = a.initializers.at("layer4.1.conv2.weight");
  ASSERT_EQ(weight.shape(), (Shape{512, 512, 3, 3}));
  double sumSquares = 0.0;
  for (float v : weight.values<float>()) sumSquares += static_cast<double>(v) * v;
  // He normal: stddev sqrt(2 / fanIn), fanIn = 512*3*3 = 4,608, so 0.020833. Over 2.36M samples
  // the estimate's relative error is about 1/sqrt(2n) = 0.05%; 1% is a wide margin.
  const double stddev = std::sqrt(sumSquares / static_cast<double>(weight.numel()));
  EXPECT_NEAR(stddev, std::sqrt(2.0 / 4608.0), 0.01 * std::sqrt(2.0 / 4608.0));

  const auto same = [](const Tensor& x, const Tensor& y) {
    return x.toFloatVector() == y.toFloatVector();
  };
  EXPECT_TRUE(same(weight, b.initializers.at("layer4.1.conv2.weight")));
  EXPECT_FALSE(same(weight, c.initializers.at("layer4.1.conv2.weight")));
}

TEST(SyntheticModels, ResNet18LikeRunsOnTheFp32ExecutorAt224) {
  const Graph graph = resnet18Like();
  const Executor executor(graph);
  const std::vector<Tensor> outputs = executor.run({uniformInput({1, 3, 224, 224})});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].shape(), (Shape{1, 1000}));
  expectFiniteAndVaried(outputs[0]);
}

TEST(SyntheticModels, MiniCnnGoesThroughTheAnalysisPipelineAndRuns) {
  Graph graph = miniCnn();
  prepareForAnalysis(graph, 2);
  // Shape inference reaches the pooled features: 64 channels of 14x14.
  ASSERT_TRUE(graph.valueInfo.count("pool.out"));
  EXPECT_EQ(describeValue(graph.valueInfo.at("pool.out")), "float32 [2, 64, 14, 14]");
  const Executor executor(graph);
  const std::vector<Tensor> outputs = executor.run({uniformInput({2, 1, 28, 28})});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].shape(), (Shape{2, 10}));
  expectFiniteAndVaried(outputs[0]);
}

}  // namespace
}  // namespace quantlens::bench
