// ConvTranspose: hand-derived cases, swept shapes against naive loops, padding rules, refusals.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/nn/nn_test_support.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {
namespace {

TEST(ConvTranspose, SpreadsEachInputOverTheFilterAtItsStride) {
  // x = [1, 2], w = [1, 10, 100], stride 2: x[0]·w lands at 0..2, x[1]·w at 2..4, overlapping at 2:
  // y = [1, 10, 100 + 2, 20, 200].
  const Tensor x = Tensor::fromVector<float>({1, 1, 2}, {1, 2});
  const Tensor w = Tensor::fromVector<float>({1, 1, 3}, {1, 10, 100});
  Attributes attributes;
  attributes.set("strides", std::vector<int64_t>{2});
  const auto y = runOp("ConvTranspose", {x, w}, attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 1, 5}, {1, 10, 102, 20, 200}));
}

TEST(ConvTranspose, CropsPadsAndAddsBias) {
  // As above with pads [1, 1] (drop one cell each end) and bias 0.5: y = [10, 102, 20] + 0.5.
  const Tensor x = Tensor::fromVector<float>({1, 1, 2}, {1, 2});
  const Tensor w = Tensor::fromVector<float>({1, 1, 3}, {1, 10, 100});
  const Tensor b = Tensor::fromVector<float>({1}, {0.5f});
  Attributes attributes;
  attributes.set("strides", std::vector<int64_t>{2});
  attributes.set("pads", std::vector<int64_t>{1, 1});
  const auto y = runOp("ConvTranspose", {x, w, b}, attributes);
  expectTensorNear(y[0], Tensor::fromVector<float>({1, 1, 3}, {10.5f, 102.5f, 20.5f}));
}

struct TransposeCase {
  int64_t batch, channels, filters, groups, height, width, kernel, stride, dilation, outputPadding;
  std::vector<int64_t> pads;
};

TEST(ConvTranspose, MatchesNaiveLoopsOverSweptShapes) {
  const int64_t channelSetups[][3] = {{3, 2, 1}, {4, 6, 2}, {4, 4, 4}};
  const std::vector<std::vector<int64_t>> padSetups = {{0, 0, 0, 0}, {1, 1, 1, 1}, {0, 2, 1, 0}};
  uint32_t seed = 100;
  for (const auto& setup : channelSetups)
    for (int64_t kernel : {1, 2, 3})
      for (int64_t stride : {1, 2, 3})
        for (int64_t dilation : {1, 2})
          for (const auto& pads : padSetups)
            for (int64_t outputPadding : {0, 1}) {
              if (outputPadding >= std::max(stride, dilation)) continue;  // ONNX requires it smaller
              const TransposeCase c{2,      setup[0], setup[1], setup[2],      5,   4,
                                    kernel, stride,   dilation, outputPadding, pads};
              std::ostringstream trace;
              trace << "channels=" << c.channels << " filters=" << c.filters << " groups=" << c.groups
                    << " kernel=" << kernel << " stride=" << stride << " dilation=" << dilation
                    << " pads=" << listText(pads) << " output_padding=" << outputPadding;
              SCOPED_TRACE(trace.str());
              const Tensor x = randomTensor({c.batch, c.channels, c.height, c.width}, seed += 3);
              const Tensor w = randomTensor({c.channels, c.filters / c.groups, kernel, kernel}, seed + 1);
              const Tensor b = randomTensor({c.filters}, seed + 2);
              const Window win{{kernel, kernel}, {stride, stride}, {dilation, dilation}, pads};
              std::vector<int64_t> out(2);
              const int64_t in[2] = {c.height, c.width};
              for (size_t i = 0; i < 2; ++i)
                out[i] = stride * (in[i] - 1) + outputPadding + (kernel - 1) * dilation + 1 - pads[i] -
                         pads[i + 2];
              if (out[0] <= 0 || out[1] <= 0) continue;
              Attributes attributes = windowAttributes(win);
              attributes.set("group", c.groups);
              attributes.set("output_padding", std::vector<int64_t>{outputPadding, outputPadding});
              const auto y = runOp("ConvTranspose", {x, w, b}, attributes);
              expectTensorNear(y[0], naiveConvTranspose(x, w, &b, win, c.groups, out), 1e-4, 1e-4);
            }
}

TEST(ConvTranspose, HandlesOneAndThreeSpatialDimensions) {
  {
    const Tensor x = randomTensor({1, 3, 6}, 1);
    const Tensor w = randomTensor({3, 2, 4}, 2);
    const Window win{{4}, {2}, {1}, {1, 2}};
    // out = 2·5 + 3 + 1 − 3 = 11
    expectTensorNear(runOp("ConvTranspose", {x, w}, windowAttributes(win))[0],
                     naiveConvTranspose(x, w, nullptr, win, 1, {11}), 1e-4, 1e-4);
  }
  {
    const Tensor x = randomTensor({2, 2, 3, 4, 3}, 3);
    const Tensor w = randomTensor({2, 3, 2, 3, 2}, 4);
    const Window win{{2, 3, 2}, {2, 1, 2}, {1, 2, 1}, {0, 1, 0, 1, 0, 1}};
    // out = s·(in − 1) + (k − 1)·d + 1 − pads = [4 + 2 − 1, 3 + 5 − 1, 4 + 2 − 1] = [5, 7, 5]
    expectTensorNear(runOp("ConvTranspose", {x, w}, windowAttributes(win))[0],
                     naiveConvTranspose(x, w, nullptr, win, 1, {5, 7, 5}), 1e-4, 1e-4);
  }
}

TEST(ConvTranspose, DerivesPaddingFromOutputShape) {
  // in 3, stride 3, kernel 3: the full output is 3·2 + 3 = 9. output_shape 10 asks for total
  // padding −1: begin = −1 − floor(−1/2) = 0, so an extra zero cell appears at the end. output_shape 8
  // asks for +1: begin = 1 − floor(1/2) = 1, one cell cropped at the start.
  const Tensor x = randomTensor({1, 1, 3, 3}, 5);
  const Tensor w = randomTensor({1, 2, 3, 3}, 6);
  Attributes attributes;
  attributes.set("strides", std::vector<int64_t>{3, 3});
  attributes.set("output_shape", std::vector<int64_t>{10, 8});
  const auto y = runOp("ConvTranspose", {x, w}, attributes);
  const Window win{{3, 3}, {3, 3}, {1, 1}, {0, 1, 0, 0}};
  expectTensorNear(y[0], naiveConvTranspose(x, w, nullptr, win, 1, {10, 8}), 1e-5, 1e-5);
}

TEST(ConvTranspose, PutsTheOddSamePaddingCellAtTheEndForSameUpper) {
  // in 3, stride 2, kernel 3: the full output is 7, SAME asks for 3·2 = 6, total padding 1:
  // SAME_UPPER crops the last cell, SAME_LOWER the first.
  const Tensor x = randomTensor({1, 1, 3, 3}, 7);
  const Tensor w = randomTensor({1, 2, 3, 3}, 8);
  for (const auto& [mode, pads] : {std::pair<std::string, std::vector<int64_t>>{"SAME_UPPER", {0, 0, 1, 1}},
                                   {"SAME_LOWER", {1, 1, 0, 0}}}) {
    SCOPED_TRACE(mode);
    Attributes attributes;
    attributes.set("strides", std::vector<int64_t>{2, 2});
    attributes.set("auto_pad", mode);
    const auto y = runOp("ConvTranspose", {x, w}, attributes);
    expectTensorNear(y[0], naiveConvTranspose(x, w, nullptr, {{3, 3}, {2, 2}, {1, 1}, pads}, 1, {6, 6}), 1e-5,
                     1e-5);
  }
}

TEST(ConvTranspose, NamesBothCountsWhenBiasAndWeightDisagree) {
  expectError(
      [] {
        runOp("ConvTranspose",
              {randomTensor({1, 2, 3, 3}, 1), randomTensor({2, 4, 3, 3}, 2), randomTensor({5}, 3)});
      },
      ErrorKind::InvalidInput, "weight has 4 output channels but bias has 5");
}

TEST(ConvTranspose, NamesBothCountsWhenInputAndWeightChannelsDisagree) {
  expectError(
      [] {
        runOp("ConvTranspose", {randomTensor({1, 3, 3, 3}, 1), randomTensor({2, 4, 3, 3}, 2)});
      },
      ErrorKind::InvalidInput, "input X has 3 channels but the weight has 2 input channels");
}

TEST(ConvTranspose, RefusesIntegerInputsAsUnsupported) {
  const Tensor x = Tensor::fromVector<int64_t>({1, 1, 1, 1}, {1});
  expectError(
      [&] {
        runOp("ConvTranspose", {x, randomTensor({1, 1, 1, 1}, 2)});
      },
      ErrorKind::Unsupported, "only float32 is supported");
}

}  // namespace
}  // namespace quantlens::testing
