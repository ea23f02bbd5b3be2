// Conv: hand-derived cases, swept shapes against naive loops, auto_pad, and clean refusals.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/nn/nn_test_support.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {
namespace {

Tensor iota(const Shape& shape) {
  Tensor t(DataType::Float32, shape);
  for (int64_t i = 0; i < t.numel(); ++i) t.data<float>()[i] = static_cast<float>(i);
  return t;
}

Tensor filled(const Shape& shape, float value) {
  Tensor t(DataType::Float32, shape);
  for (float& v : t.values<float>()) v = value;
  return t;
}

TEST(Conv, SumsEachNeighbourhoodForAnAllOnesFilter) {
  // x = 0..24 as a 5×5 image, w = 3×3 ones, pads 1: each output is the sum of the in-image
  // 3×3 neighbourhood, e.g. y[0][0] = 0+1+5+6 = 12, y[2][2] = 6+7+8+11+12+13+16+17+18 = 108.
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{3, 3});
  attributes.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  const auto y = runOp("Conv", {iota({1, 1, 5, 5}), filled({1, 1, 3, 3}, 1.0f)}, attributes);
  const Tensor expected = Tensor::fromVector<float>(
      {1, 1, 5, 5}, {12, 21,  27,  33,  24,  33, 54,  63,  72,  51, 63, 99, 108, 117, 81,  //
                     93, 144, 153, 162, 111, 72, 111, 117, 123, 84});
  expectTensorNear(y[0], expected);
}

TEST(Conv, AddsTheBiasPerOutputChannel) {
  // Two 1×1 filters (weights 2 and −1) with biases 10 and 100 on x = [1, 2]:
  // channel 0 = 2x + 10 = [12, 14], channel 1 = −x + 100 = [99, 98].
  const Tensor x = Tensor::fromVector<float>({1, 1, 1, 2}, {1, 2});
  const Tensor w = Tensor::fromVector<float>({2, 1, 1, 1}, {2, -1});
  const Tensor b = Tensor::fromVector<float>({2}, {10, 100});
  const auto y = runOp("Conv", {x, w, b});
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 2, 1, 2}, {12, 14, 99, 98}));
}

TEST(Conv, HonoursGroupsAndDilations) {
  // Two groups of one channel, kernel [1, 2] dilated by 2 on x = [[0..4], [10..14]] with
  // weights (1, 1) and (1, −1): y0[j] = x0[j] + x0[j+2] = [2, 4, 6],
  // y1[j] = x1[j] − x1[j+2] = [−2, −2, −2].
  const Tensor x = Tensor::fromVector<float>({1, 2, 1, 5}, {0, 1, 2, 3, 4, 10, 11, 12, 13, 14});
  const Tensor w = Tensor::fromVector<float>({2, 1, 1, 2}, {1, 1, 1, -1});
  Attributes attributes;
  attributes.set("group", int64_t{2});
  attributes.set("dilations", std::vector<int64_t>{1, 2});
  const auto y = runOp("Conv", {x, w}, attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 2, 1, 3}, {2, 4, 6, -2, -2, -2}));
}

struct ConvCase {
  int64_t batch, channels, filters, groups, height, width, kernel, stride, dilation;
  std::vector<int64_t> pads;
  bool bias;
};

std::string describe(const ConvCase& c) {
  std::ostringstream s;
  s << "batch=" << c.batch << " channels=" << c.channels << " filters=" << c.filters << " groups=" << c.groups
    << " image=" << c.height << "x" << c.width << " kernel=" << c.kernel << " stride=" << c.stride
    << " dilation=" << c.dilation << " pads=" << listText(c.pads) << " bias=" << c.bias;
  return s.str();
}

void checkAgainstNaive(const ConvCase& c, uint32_t seed) {
  SCOPED_TRACE(describe(c));
  const Tensor x = randomTensor({c.batch, c.channels, c.height, c.width}, seed);
  const Tensor w = randomTensor({c.filters, c.channels / c.groups, c.kernel, c.kernel}, seed + 1);
  const Tensor b = randomTensor({c.filters}, seed + 2);
  const Window win{{c.kernel, c.kernel}, {c.stride, c.stride}, {c.dilation, c.dilation}, c.pads};
  Attributes attributes = windowAttributes(win);
  attributes.set("group", c.groups);
  const auto y = runOp("Conv", {x, w, c.bias ? b : Tensor()}, attributes);
  expectTensorNear(y[0], naiveConv(x, w, c.bias ? &b : nullptr, win, c.groups), 1e-4, 1e-4);
}

TEST(Conv, MatchesNaiveLoopsOverSweptShapes) {
  // (channels, filters, groups): dense, grouped, depthwise, depthwise with multiplier 2.
  const int64_t channelSetups[][3] = {{3, 4, 1}, {4, 6, 2}, {6, 6, 6}, {4, 8, 4}, {1, 3, 1}};
  const std::vector<std::vector<int64_t>> padSetups = {{0, 0, 0, 0}, {1, 1, 1, 1}, {2, 0, 1, 2}};
  uint32_t seed = 1;
  int cases = 0;
  for (const auto& setup : channelSetups)
    for (int64_t kernel : {1, 3, 5})
      for (int64_t stride : {1, 2})
        for (int64_t dilation : {1, 2})
          for (const auto& pads : padSetups)
            for (int64_t batch : {1, 2}) {
              const ConvCase c{batch,  setup[0], setup[1], setup[2], 9,         8,
                               kernel, stride,   dilation, pads,     batch == 1};
              // Skip windows wider than the padded image (an error, tested separately).
              if ((kernel - 1) * dilation + 1 > 8 + pads[1] + pads[3]) continue;
              checkAgainstNaive(c, seed += 3);
              ++cases;
            }
  EXPECT_GT(cases, 300);
}

TEST(Conv, MatchesNaiveLoopsAcrossManyColumnTiles) {
  // 64 channels × 3×3 gives a 576-row patch matrix, so the 1600 output positions span several
  // im2col tiles; 1×1 with stride 1 takes the direct GEMM path.
  checkAgainstNaive({1, 64, 16, 1, 40, 40, 3, 1, 1, {1, 1, 1, 1}, true}, 7);
  checkAgainstNaive({2, 32, 24, 1, 20, 30, 1, 1, 1, {0, 0, 0, 0}, true}, 8);
  checkAgainstNaive({1, 24, 24, 24, 33, 35, 3, 2, 1, {1, 1, 1, 1}, true}, 9);  // depthwise, stride 2
  checkAgainstNaive({1, 8, 8, 8, 30, 31, 5, 1, 1, {2, 2, 2, 2}, true}, 10);    // depthwise 5×5
}

TEST(Conv, HandlesOneAndThreeSpatialDimensions) {
  for (int64_t groups : {1, 2}) {
    SCOPED_TRACE("groups=" + std::to_string(groups));
    {
      const Tensor x = randomTensor({2, 4, 11}, 21);
      const Tensor w = randomTensor({6, 4 / groups, 3}, 22);
      const Tensor b = randomTensor({6}, 23);
      const Window win{{3}, {2}, {2}, {1, 2}};
      Attributes attributes = windowAttributes(win);
      attributes.set("group", groups);
      expectTensorNear(runOp("Conv", {x, w, b}, attributes)[0], naiveConv(x, w, &b, win, groups), 1e-4, 1e-4);
    }
    {
      const Tensor x = randomTensor({1, 4, 5, 6, 7}, 24);
      const Tensor w = randomTensor({4, 4 / groups, 3, 2, 3}, 25);
      const Window win{{3, 2, 3}, {1, 2, 1}, {1, 1, 2}, {1, 0, 1, 1, 1, 0}};
      Attributes attributes = windowAttributes(win);
      attributes.set("group", groups);
      expectTensorNear(runOp("Conv", {x, w}, attributes)[0], naiveConv(x, w, nullptr, win, groups), 1e-4,
                       1e-4);
    }
  }
}

TEST(Conv, PutsTheOddSamePaddingCellWhereAutoPadSays) {
  // Width 6, kernel 3, stride 2: out = ceil(6/2) = 3, total pad = (3−1)·2 + 3 − 6 = 1, which
  // SAME_UPPER puts at the end and SAME_LOWER at the beginning. Height 5 with stride 1:
  // total pad 2, one cell each side.
  const Tensor x = randomTensor({1, 2, 5, 6}, 31);
  const Tensor w = randomTensor({3, 2, 3, 3}, 32);
  for (const auto& [mode, pads] : {std::pair<std::string, std::vector<int64_t>>{"SAME_UPPER", {1, 0, 1, 1}},
                                   {"SAME_LOWER", {1, 1, 1, 0}}}) {
    SCOPED_TRACE(mode);
    Attributes attributes;
    attributes.set("auto_pad", mode);
    attributes.set("strides", std::vector<int64_t>{1, 2});
    const Window win{{3, 3}, {1, 2}, {1, 1}, pads};
    const auto y = runOp("Conv", {x, w}, attributes);
    EXPECT_EQ(y[0].shape(), (Shape{1, 3, 5, 3}));
    expectTensorNear(y[0], naiveConv(x, w, nullptr, win, 1), 1e-5, 1e-5);
  }
}

TEST(Conv, IgnoresPadsUnderValidAutoPad) {
  const Tensor x = randomTensor({1, 2, 6, 6}, 41);
  const Tensor w = randomTensor({2, 2, 3, 3}, 42);
  Attributes attributes;
  attributes.set("auto_pad", std::string("VALID"));
  const auto y = runOp("Conv", {x, w}, attributes);
  expectTensorNear(y[0], naiveConv(x, w, nullptr, {{3, 3}, {1, 1}, {1, 1}, {0, 0, 0, 0}}, 1), 1e-5, 1e-5);
}

TEST(Conv, GivesAnEmptyOutputForAnEmptyBatch) {
  const auto y = runOp("Conv", {Tensor(DataType::Float32, {0, 2, 4, 4}), randomTensor({3, 2, 3, 3}, 1)});
  EXPECT_EQ(y[0].shape(), (Shape{0, 3, 2, 2}));
}

TEST(Conv, NamesBothCountsWhenBiasAndWeightDisagree) {
  expectError(
      [] {
        runOp("Conv", {randomTensor({1, 2, 4, 4}, 1), randomTensor({31, 2, 3, 3}, 2), randomTensor({32}, 3)});
      },
      ErrorKind::InvalidInput, "Conv node 'node': weight has 31 output channels but bias has 32");
}

TEST(Conv, NamesBothCountsWhenInputAndWeightChannelsDisagree) {
  expectError(
      [] {
        runOp("Conv", {randomTensor({1, 3, 4, 4}, 1), randomTensor({4, 2, 3, 3}, 2)});
      },
      ErrorKind::InvalidInput, "input X has 3 channels but the weight expects 2 per group");
}

TEST(Conv, RejectsFiltersThatDoNotSplitIntoGroups) {
  Attributes attributes;
  attributes.set("group", int64_t{2});
  expectError(
      [&] {
        runOp("Conv", {randomTensor({1, 4, 4, 4}, 1), randomTensor({3, 2, 3, 3}, 2)}, attributes);
      },
      ErrorKind::InvalidInput, "3 output channels, not a multiple of group 2");
}

TEST(Conv, RejectsAKernelShapeThatContradictsTheWeight) {
  Attributes attributes;
  attributes.set("kernel_shape", std::vector<int64_t>{5, 5});
  expectError(
      [&] {
        runOp("Conv", {randomTensor({1, 1, 8, 8}, 1), randomTensor({1, 1, 3, 3}, 2)}, attributes);
      },
      ErrorKind::InvalidInput, "kernel_shape [5, 5] does not match the weight's spatial shape [3, 3]");
}

TEST(Conv, RejectsAWindowWiderThanThePaddedInput) {
  expectError(
      [] {
        runOp("Conv", {randomTensor({1, 1, 2, 2}, 1), randomTensor({1, 1, 3, 3}, 2)});
      },
      ErrorKind::InvalidInput, "the window spans 3 cells");
}

TEST(Conv, RejectsAttributeListsOfTheWrongLength) {
  Attributes attributes;
  attributes.set("strides", std::vector<int64_t>{1, 1, 1});
  expectError(
      [&] {
        runOp("Conv", {randomTensor({1, 1, 4, 4}, 1), randomTensor({1, 1, 3, 3}, 2)}, attributes);
      },
      ErrorKind::InvalidInput, "strides [1, 1, 1] has 3 values but 2 are needed");
}

TEST(Conv, RefusesIntegerInputsAsUnsupported) {
  const Tensor x = Tensor::fromVector<int32_t>({1, 1, 1, 1}, {1});
  expectError(
      [&] {
        runOp("Conv", {x, randomTensor({1, 1, 1, 1}, 2)});
      },
      ErrorKind::Unsupported, "only float32 is supported");
}

TEST(Conv, RefusesFourSpatialDimensionsAsUnsupported) {
  expectError(
      [] {
        runOp("Conv", {randomTensor({1, 1, 2, 2, 2, 2}, 1), randomTensor({1, 1, 1, 1, 1, 1}, 2)});
      },
      ErrorKind::Unsupported, "at most 3 are supported");
}

}  // namespace
}  // namespace quantlens::testing
