// Finite-difference checks of every backward kernel on small random shapes (seeded): the
// analytic gradient of L = Σ r ⊙ y must match (L(x + h) − L(x − h)) / 2h for every element of
// every input and parameter, with h = 1e-2 and |error| ≤ 5e-4 + 2e-3 · |gradient| (largest error seen: 7e-5, on Conv).
// Piecewise-linear ops get inputs at least 0.05 away from their kinks, so no difference straddles one.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "tests/core/train/gradient_check.h"

namespace quantlens::test {
namespace {

// Moves every value closer than `margin` to a kink to kink ± margin.
void avoidKinks(Tensor& t, std::initializer_list<float> kinks, float margin = 0.05f) {
  for (float& v : t.values<float>())
    for (float k : kinks)
      if (std::abs(v - k) < margin) v = v < k ? k - margin : k + margin;
}

// Distinct values 0.05 apart in random order: max pooling's winner never changes under ±h.
Tensor distinctValues(Shape shape, std::mt19937& rng) {
  Tensor t(DataType::Float32, std::move(shape));
  std::vector<int64_t> order(static_cast<size_t>(t.numel()));
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = 0.05f * static_cast<float>(order[i]) - 1.0f;
  return t;
}

Attributes convAttributes(std::vector<int64_t> kernel, std::vector<int64_t> strides, std::vector<int64_t> pads,
                          std::vector<int64_t> dilations, int64_t group) {
  Attributes a;
  a.set("kernel_shape", kernel);
  a.set("strides", strides);
  a.set("pads", pads);
  a.set("dilations", dilations);
  a.set("group", group);
  return a;
}

struct ConvCase {
  const char* name;
  Shape x, w;
  std::vector<int64_t> strides, pads, dilations;
  int64_t group;
};

TEST(ConvBackward, MatchesFiniteDifferencesForStridesPadsDilationsAndGroups) {
  const ConvCase cases[] = {
      {"3x3 pad 1", {2, 3, 5, 5}, {4, 3, 3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1},
      {"stride 2, asymmetric pads", {1, 2, 6, 7}, {3, 2, 3, 2}, {2, 2}, {1, 0, 0, 1}, {1, 1}, 1},
      {"dilation 2", {1, 2, 7, 6}, {2, 2, 2, 3}, {1, 1}, {1, 1, 1, 1}, {2, 2}, 1},
      {"groups 2", {2, 4, 5, 4}, {6, 2, 3, 3}, {1, 2}, {1, 1, 1, 1}, {1, 1}, 2},
      {"depthwise stride 2", {2, 3, 6, 6}, {3, 1, 3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}, 3},
      {"depthwise multiplier 2", {1, 2, 5, 5}, {4, 1, 3, 3}, {1, 1}, {0, 0, 0, 0}, {1, 1}, 2},
      {"pointwise", {2, 3, 4, 4}, {5, 3, 1, 1}, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1},
      {"1-D", {2, 2, 9}, {3, 2, 3}, {2}, {1, 2}, {1}, 1},
  };
  uint32_t seed = 1;
  for (const ConvCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::mt19937 rng(seed++);
    const std::vector<int64_t> kernel(c.w.begin() + 2, c.w.end());
    Graph graph = singleNodeGraph("Conv", 3, convAttributes(kernel, c.strides, c.pads, c.dilations, c.group));
    const double worst = checkGradients(
        std::move(graph), {randomTensor(c.x, rng), randomTensor(c.w, rng), randomTensor({c.w[0]}, rng)}, seed);
    RecordProperty(c.name, std::to_string(worst));
  }
}

TEST(ConvBackward, GivesParameterGradientsWhenWeightsAreInitializers) {
  std::mt19937 rng(11);
  Graph graph = singleNodeGraph("Conv", 1, convAttributes({3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, 1),
                                {{"W", randomTensor({2, 2, 3, 3}, rng)}, {"B", randomTensor({2}, rng)}});
  TrainingGraph training(graph);
  EXPECT_EQ(training.parameterNames(), (std::vector<std::string>{"W", "B"}));
  checkGradients(std::move(graph), {randomTensor({1, 2, 4, 4}, rng)}, 12);
}

TEST(GemmBackward, MatchesFiniteDifferencesForEveryTransposeAndBroadcastC) {
  uint32_t seed = 20;
  for (int transA = 0; transA < 2; ++transA)
    for (int transB = 0; transB < 2; ++transB)
      for (const Shape& cShape : {Shape{4}, Shape{3, 1}, Shape{3, 4}}) {
        SCOPED_TRACE("transA " + std::to_string(transA) + " transB " + std::to_string(transB) + " C " +
                     shapeToString(cShape));
        std::mt19937 rng(seed++);
        Attributes a;
        a.set("transA", int64_t{transA});
        a.set("transB", int64_t{transB});
        a.set("alpha", 0.7f);
        a.set("beta", 1.3f);
        const Shape aShape = transA ? Shape{5, 3} : Shape{3, 5};
        const Shape bShape = transB ? Shape{4, 5} : Shape{5, 4};
        checkGradients(singleNodeGraph("Gemm", 3, a),
                       {randomTensor(aShape, rng), randomTensor(bShape, rng), randomTensor(cShape, rng)}, seed);
      }
}

TEST(MatMulBackward, MatchesFiniteDifferencesForBatchedATimesMatrix) {
  std::mt19937 rng(30);
  checkGradients(singleNodeGraph("MatMul", 2), {randomTensor({2, 3, 4}, rng), randomTensor({4, 5}, rng)}, 31);
  checkGradients(singleNodeGraph("MatMul", 2), {randomTensor({3, 4}, rng), randomTensor({4, 2}, rng)}, 32);
}

TEST(ActivationBackward, MatchesFiniteDifferencesAwayFromKinks) {
  std::mt19937 rng(40);
  {
    SCOPED_TRACE("Relu");
    Tensor x = randomTensor({2, 3, 4}, rng);
    avoidKinks(x, {0.0f});
    checkGradients(singleNodeGraph("Relu", 1), {x}, 41);
  }
  {
    SCOPED_TRACE("Clip with min and max inputs");
    Tensor x = randomTensor({3, 5}, rng);
    avoidKinks(x, {-0.4f, 0.6f});
    checkGradients(singleNodeGraph("Clip", 1, {}, {{"lo", Tensor::scalar(-0.4f)}, {"hi", Tensor::scalar(0.6f)}}),
                   {x}, 42);
  }
  {
    SCOPED_TRACE("HardSwish");
    Tensor x = randomTensor({4, 6}, rng, -5.0f, 5.0f);
    avoidKinks(x, {-3.0f, 3.0f});
    checkGradients(singleNodeGraph("HardSwish", 1), {x}, 43);
  }
  {
    SCOPED_TRACE("HardSigmoid alpha 0.3 beta 0.4");
    Attributes a;
    a.set("alpha", 0.3f);
    a.set("beta", 0.4f);
    Tensor x = randomTensor({4, 6}, rng, -4.0f, 4.0f);
    avoidKinks(x, {-0.4f / 0.3f, 0.6f / 0.3f});
    checkGradients(singleNodeGraph("HardSigmoid", 1, a), {x}, 44);
  }
  {
    SCOPED_TRACE("Sigmoid");
    checkGradients(singleNodeGraph("Sigmoid", 1), {randomTensor({3, 7}, rng, -4.0f, 4.0f)}, 45);
  }
}

TEST(PoolingBackward, MatchesFiniteDifferences) {
  std::mt19937 rng(50);
  {
    SCOPED_TRACE("MaxPool 2x2 stride 2");
    Attributes a;
    a.set("kernel_shape", std::vector<int64_t>{2, 2});
    a.set("strides", std::vector<int64_t>{2, 2});
    checkGradients(singleNodeGraph("MaxPool", 1, a), {distinctValues({2, 2, 4, 6}, rng)}, 51);
  }
  {
    SCOPED_TRACE("MaxPool 3x3 stride 1 pad 1 (overlapping windows)");
    Attributes a;
    a.set("kernel_shape", std::vector<int64_t>{3, 3});
    a.set("pads", std::vector<int64_t>{1, 1, 1, 1});
    checkGradients(singleNodeGraph("MaxPool", 1, a), {distinctValues({1, 2, 5, 5}, rng)}, 52);
  }
  for (int64_t includePad = 0; includePad < 2; ++includePad) {
    SCOPED_TRACE("AveragePool 3x3 stride 2 pads, ceil_mode, count_include_pad " + std::to_string(includePad));
    Attributes a;
    a.set("kernel_shape", std::vector<int64_t>{3, 3});
    a.set("strides", std::vector<int64_t>{2, 2});
    a.set("pads", std::vector<int64_t>{1, 0, 1, 1});
    a.set("ceil_mode", int64_t{1});
    a.set("count_include_pad", includePad);
    checkGradients(singleNodeGraph("AveragePool", 1, a), {randomTensor({2, 2, 6, 5}, rng)}, 53);
  }
  {
    SCOPED_TRACE("GlobalAveragePool");
    checkGradients(singleNodeGraph("GlobalAveragePool", 1), {randomTensor({2, 3, 4, 5}, rng)}, 54);
  }
}

TEST(ElementwiseBackward, MatchesFiniteDifferencesWithBroadcasting) {
  std::mt19937 rng(60);
  for (const char* op : {"Add", "Sub", "Mul"}) {
    SCOPED_TRACE(op);
    checkGradients(singleNodeGraph(op, 2), {randomTensor({2, 3, 4, 5}, rng), randomTensor({3, 1, 1}, rng)}, 61);
    checkGradients(singleNodeGraph(op, 2), {randomTensor({1, 4}, rng), randomTensor({3, 1}, rng)}, 62);
    checkGradients(singleNodeGraph(op, 2), {randomTensor({2, 3}, rng), randomTensor({2, 3}, rng)}, 63);
    checkGradients(singleNodeGraph(op, 2), {randomTensor({}, rng), randomTensor({2, 3}, rng)}, 64);
  }
}

TEST(ShapeBackward, MatchesFiniteDifferencesForConcatFlattenReshape) {
  std::mt19937 rng(70);
  {
    SCOPED_TRACE("Concat axis 1");
    Attributes a;
    a.set("axis", int64_t{1});
    checkGradients(singleNodeGraph("Concat", 3, a),
                   {randomTensor({2, 1, 3}, rng), randomTensor({2, 4, 3}, rng), randomTensor({2, 2, 3}, rng)}, 71);
  }
  {
    SCOPED_TRACE("Concat axis -1");
    Attributes a;
    a.set("axis", int64_t{-1});
    checkGradients(singleNodeGraph("Concat", 2, a), {randomTensor({3, 2}, rng), randomTensor({3, 5}, rng)}, 72);
  }
  {
    SCOPED_TRACE("Flatten axis 2");
    Attributes a;
    a.set("axis", int64_t{2});
    checkGradients(singleNodeGraph("Flatten", 1, a), {randomTensor({2, 3, 2, 2}, rng)}, 73);
  }
  {
    SCOPED_TRACE("Reshape");
    checkGradients(singleNodeGraph("Reshape", 1, {}, {{"shape", Tensor::fromVector<int64_t>({2}, {4, -1})}}),
                   {randomTensor({2, 3, 2}, rng)}, 74);
  }
}

TEST(TrainingGraph, ListsEveryOperatorWithoutBackwardOnTheGradientPath) {
  Graph graph = singleNodeGraph("Tanh", 1);
  TrainingGraph frozen(graph);  // no parameter, no input gradient: nothing to differentiate
  TrainingGraph training(graph);
  try {
    training.setInputsRequireGrad(true);
    FAIL() << "Tanh has no backward";
  } catch (const UnsupportedOperatorsError& error) {
    ASSERT_EQ(error.operators().size(), 1u);
    EXPECT_EQ(error.operators()[0].opType, "Tanh");
    EXPECT_EQ(error.operators()[0].nodeNames, std::vector<std::string>{"n"});
  }
}

}  // namespace
}  // namespace quantlens::test
