// MaxPool, AveragePool and the global pools: hand-derived cases, swept windows against naive loops.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/nn/nn_test_support.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {
namespace {

Tensor oneToTwentyFive() {
  Tensor x(DataType::Float32, {1, 1, 5, 5});
  for (int64_t i = 0; i < 25; ++i) x.data<float>()[i] = static_cast<float>(i + 1);
  return x;
}

TEST(MaxPool, ReportsRowAndColumnMajorIndicesOfTheMaxima) {
  // x = 1..25 as 5×5, 2×2 windows at stride 2: maxima 7, 9, 17, 19 at (1,1), (1,3), (3,1), (3,3);
  // row-major index 5h + w = 6, 8, 16, 18; column-major h + 5w = 6, 16, 8, 18.
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{2, 2});
  attributes.set("strides", std::vector<int64_t>{2, 2});
  auto y = runOp("MaxPool", {oneToTwentyFive()}, attributes, 2);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 1, 2, 2}, {7, 9, 17, 19}));
  EXPECT_EQ(y[1].toInt64Vector(), (std::vector<int64_t>{6, 8, 16, 18}));
  attributes.set("storage_order", int64_t{1});
  y = runOp("MaxPool", {oneToTwentyFive()}, attributes, 2);
  EXPECT_EQ(y[1].toInt64Vector(), (std::vector<int64_t>{6, 16, 8, 18}));
}

TEST(MaxPool, IndexesIntoTheWholeTensorAcrossPlanes) {
  // Two planes of 4 values; the maximum of plane 1 at its position 2 has flat index 4 + 2 = 6.
  const Tensor x = Tensor::fromVector<float>({1, 2, 1, 4}, {4, 3, 2, 1, 0, 1, 9, 2});
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{1, 4});
  const auto y = runOp("MaxPool", {x}, attributes, 2);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 2, 1, 1}, {4, 9}));
  EXPECT_EQ(y[1].toInt64Vector(), (std::vector<int64_t>{0, 6}));
}

struct PoolCase {
  Shape shape;
  Window window;
  bool ceilMode;
};

std::vector<PoolCase> sweptCases() {
  std::vector<PoolCase> cases;
  for (int64_t kernel : {1, 2, 3})
    for (int64_t stride : {1, 2, 3})
      for (int64_t dilation : {1, 2})
        for (const auto& pads : std::vector<std::vector<int64_t>>{{0, 0, 0, 0}, {1, 1, 1, 1}, {1, 0, 0, 1}})
          for (bool ceilMode : {false, true}) {
            // Pads at least as wide as the window would allow windows of padding only.
            if (*std::max_element(pads.begin(), pads.end()) >= kernel) continue;
            cases.push_back(
                {{2, 3, 7, 8}, {{kernel, kernel}, {stride, stride}, {dilation, dilation}, pads}, ceilMode});
          }
  cases.push_back({{1, 2, 9}, {{3}, {2}, {2}, {1, 1}}, true});
  cases.push_back({{1, 2, 9}, {{4}, {3}, {1}, {2, 0}}, false});
  cases.push_back({{1, 2, 5, 6, 7}, {{2, 3, 2}, {2, 1, 2}, {1, 1, 2}, {1, 0, 1, 0, 1, 1}}, true});
  cases.push_back({{1, 1, 4, 4, 4}, {{2, 2, 2}, {2, 2, 2}, {1, 1, 1}, {0, 0, 0, 0, 0, 0}}, false});
  return cases;
}

std::string describe(const PoolCase& c) {
  return "shape=" + shapeToString(c.shape) + " kernel=" + listText(c.window.kernel) +
         " strides=" + listText(c.window.strides) + " dilations=" + listText(c.window.dilations) +
         " pads=" + listText(c.window.pads) + " ceil_mode=" + std::to_string(c.ceilMode);
}

TEST(MaxPool, MatchesNaiveLoopsOverSweptWindows) {
  uint32_t seed = 1;
  for (const PoolCase& c : sweptCases()) {
    SCOPED_TRACE(describe(c));
    const Tensor x = randomTensor(c.shape, seed++);
    Attributes attributes = windowAttributes(c.window);
    attributes.set("ceil_mode", int64_t{c.ceilMode});
    std::vector<int64_t> indices;
    const Tensor expected = naivePool(x, c.window, PoolKind::Max, c.ceilMode, &indices);
    const auto y = runOp("MaxPool", {x}, attributes, 2);
    expectTensorNear(y[0], expected, 0.0, 0.0);
    EXPECT_EQ(y[1].toInt64Vector(), indices);
  }
}

TEST(AveragePool, MatchesNaiveLoopsWithAndWithoutPadCounting) {
  uint32_t seed = 1000;
  for (const PoolCase& c : sweptCases())
    for (bool includePad : {false, true}) {
      // AveragePool has dilations only from opset 19.
      const auto& dilations = c.window.dilations;
      if (std::any_of(dilations.begin(), dilations.end(), [](int64_t d) { return d != 1; })) continue;
      SCOPED_TRACE(describe(c) + " count_include_pad=" + std::to_string(includePad));
      const Tensor x = randomTensor(c.shape, seed++);
      Attributes attributes = windowAttributes(c.window);
      attributes.erase("dilations");
      attributes.set("ceil_mode", int64_t{c.ceilMode});
      attributes.set("count_include_pad", int64_t{includePad});
      const auto y = runOp("AveragePool", {x}, attributes);
      const PoolKind kind = includePad ? PoolKind::AverageIncludingPad : PoolKind::Average;
      expectTensorNear(y[0], naivePool(x, c.window, kind, c.ceilMode), 1e-6, 1e-5);
    }
}

TEST(AveragePool, CountsPaddingOnlyWhenAsked) {
  // x = [[1, 2], [3, 4]], 2×2 windows, pads 1, stride 1 → 3×3 windows. The corner window holds
  // x[0][0] = 1 and three pad cells: 1/1 = 1 without pad counting, 1/4 = 0.25 with it. The centre
  // window holds all four: 10/4 = 2.5 either way.
  const Tensor x = Tensor::fromVector<float>({1, 1, 2, 2}, {1, 2, 3, 4});
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{2, 2});
  attributes.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  expectTensorNear(runOp("AveragePool", {x}, attributes)[0],
                   Tensor::fromVector<float>({1, 1, 3, 3}, {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}));
  attributes.set("count_include_pad", int64_t{1});
  expectTensorNear(
      runOp("AveragePool", {x}, attributes)[0],
      Tensor::fromVector<float>({1, 1, 3, 3}, {0.25f, 0.75f, 0.5f, 1, 2.5f, 1.5f, 0.75f, 1.75f, 1}));
}

TEST(AveragePool, DropsACeilModeWindowThatWouldStartInThePadding) {
  // in 5, kernel 2, stride 2, pads 1/1: ceil((5 + 2 − 2)/2) + 1 = 4 windows, but the 4th would
  // start at 3·2 − 1 = 5, past the image, so 3 remain: [x0], [x1, x2], [x3, x4] → 1, 2.5, 4.5.
  const Tensor x = Tensor::fromVector<float>({1, 1, 5}, {1, 2, 3, 4, 5});
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{2});
  attributes.set("strides", std::vector<int64_t>{2});
  attributes.set("pads", std::vector<int64_t>{1, 1});
  attributes.set("ceil_mode", int64_t{1});
  expectTensorNear(runOp("AveragePool", {x}, attributes)[0],
                   Tensor::fromVector<float>({1, 1, 3}, {1, 2.5f, 4.5f}));
}

TEST(AveragePool, PadsSameUpperAtTheEndAndSameLowerAtTheStart) {
  // in 4, kernel 2, stride 1: out 4, total pad 1 → UPPER pads after, LOWER before; pad cells are
  // not counted: UPPER = [1.5, 2.5, 3.5, 4], LOWER = [1, 1.5, 2.5, 3.5].
  const Tensor x = Tensor::fromVector<float>({1, 1, 4}, {1, 2, 3, 4});
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{2});
  attributes.set("auto_pad", std::string("SAME_UPPER"));
  expectTensorNear(runOp("AveragePool", {x}, attributes)[0],
                   Tensor::fromVector<float>({1, 1, 4}, {1.5f, 2.5f, 3.5f, 4}));
  attributes.set("auto_pad", std::string("SAME_LOWER"));
  expectTensorNear(runOp("AveragePool", {x}, attributes)[0],
                   Tensor::fromVector<float>({1, 1, 4}, {1, 1.5f, 2.5f, 3.5f}));
}

TEST(MaxPool, PoolsUnsignedBytesToo) {
  const Tensor x = Tensor::fromVector<uint8_t>({1, 1, 1, 4}, {3, 200, 7, 9});
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{1, 2});
  attributes.set("strides", std::vector<int64_t>{1, 2});
  EXPECT_EQ(runOp("MaxPool", {x}, attributes)[0].toInt64Vector(), (std::vector<int64_t>{200, 9}));
}

TEST(MaxPool, RequiresKernelShape) {
  expectError(
      [] {
        runOp("MaxPool", {randomTensor({1, 1, 4, 4}, 1)});
      },
      ErrorKind::InvalidInput, "attribute kernel_shape is required");
}

TEST(MaxPool, RejectsAnUnknownStorageOrder) {
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{2, 2});
  attributes.set("storage_order", int64_t{2});
  expectError(
      [&] {
        runOp("MaxPool", {randomTensor({1, 1, 4, 4}, 1)}, attributes);
      },
      ErrorKind::InvalidInput, "storage_order 2 must be 0");
}

TEST(MaxPool, RefusesIntegerWordsAsUnsupported) {
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{1});
  const Tensor x = Tensor::fromVector<int32_t>({1, 1, 2}, {1, 2});
  expectError([&] { runOp("MaxPool", {x}, attributes); }, ErrorKind::Unsupported, "element type");
}

TEST(AveragePool, RejectsAnUnknownAutoPad) {
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{2, 2});
  attributes.set("auto_pad", std::string("SAME"));
  expectError(
      [&] {
        runOp("AveragePool", {randomTensor({1, 1, 4, 4}, 1)}, attributes);
      },
      ErrorKind::InvalidInput, "auto_pad 'SAME' is not one of");
}

TEST(GlobalPools, ReduceEveryPlaneToOneValue) {
  // Planes [1, 2, 3, 6] and [−1, −5, 0, −2]: means 3 and −2, maxima 6 and 0.
  const Tensor x = Tensor::fromVector<float>({1, 2, 2, 2}, {1, 2, 3, 6, -1, -5, 0, -2});
  expectTensorNear(runOp("GlobalAveragePool", {x})[0], Tensor::fromVector<float>({1, 2, 1, 1}, {3, -2}));
  expectTensorNear(runOp("GlobalMaxPool", {x})[0], Tensor::fromVector<float>({1, 2, 1, 1}, {6, 0}));
}

TEST(GlobalPools, KeepTheRankOfOneAndThreeDimensionalInputs) {
  EXPECT_EQ(runOp("GlobalAveragePool", {randomTensor({2, 3, 5}, 1)})[0].shape(), (Shape{2, 3, 1}));
  EXPECT_EQ(runOp("GlobalMaxPool", {randomTensor({2, 3, 2, 3, 4}, 1)})[0].shape(), (Shape{2, 3, 1, 1, 1}));
}

}  // namespace
}  // namespace quantlens::testing
