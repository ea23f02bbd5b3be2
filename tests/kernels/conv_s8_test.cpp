// Int8 convolution and depthwise convolution: the references by hand, the dispatched kernels against them.
#include "kernels/conv_s8.h"

#include <gtest/gtest.h>

#include "kernels/cpu_features.h"
#include "kernels/depthwise_conv_s8.h"
#include "kernels/im2col_u8.h"
#include "tests/kernels/int8_test_support.h"

namespace quantlens::kernels {
namespace {

using testing::describe;
using testing::firstDifference;
using testing::makeGeometry;
using testing::randomIntegers;
using testing::randomS8;
using testing::randomU8;
using testing::sweptGeometries;

ConvS8Params params(int64_t batch, int64_t inputChannels, int64_t outputChannels, int64_t groups,
                    const WindowGeometry& g, int32_t inputZeroPoint) {
  ConvS8Params p;
  p.batch = batch;
  p.inputChannels = inputChannels;
  p.outputChannels = outputChannels;
  p.groups = groups;
  p.geometry = g;
  p.inputZeroPoint = inputZeroPoint;
  return p;
}

TEST(DepthwiseConvU8S8Reference, PadsWithTheZeroPoint) {
  // 1-D: x = [10, 20, 30, 40] with zero point 10, so x − 10 = [0, 10, 20, 30]; w = [1, −1]
  // (w zero point 0), stride 1, one pad cell each side (the quantized 0), bias 5:
  // y[o] = (x[o−1] − 10) − (x[o] − 10) + 5 = [0 − 0, 0 − 10, 10 − 20, 20 − 30, 30 − 0] + 5 = [5, −5, −5, −5, 35].
  const WindowGeometry g = makeGeometry({1, 1, 4}, {1, 1, 2}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}, {0, 0, 1});
  const uint8_t x[] = {10, 20, 30, 40};
  const int8_t w[] = {1, -1};
  int32_t y[5];
  depthwiseConvU8S8Reference(x, 10, g, w, 0, 5, y);
  EXPECT_EQ(std::vector<int32_t>(y, y + 5), (std::vector<int32_t>{5, -5, -5, -5, 35}));
}

TEST(ConvU8S8Reference, SumsEveryInputChannelOfTheGroup) {
  // Two 2×2 input channels, one 2×2 filter per channel (w zero point 2), x zero point 1, no padding:
  // channel 0: x − 1 = [0, 1, 2, 3], w − 2 = [1, 0, 0, −1] → 0 − 3 = −3
  // channel 1: x − 1 = [4, 4, 4, 4], w − 2 = [1, 1, 1, 1] → 16
  // y = bias 7 − 3 + 16 = 20.
  const WindowGeometry g = makeGeometry({1, 2, 2}, {1, 2, 2}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const uint8_t x[] = {1, 2, 3, 4, 5, 5, 5, 5};
  const int8_t w[] = {3, 2, 2, 1, 3, 3, 3, 3};
  const int32_t bias[] = {7};
  int32_t y = 0;
  convU8S8Reference(params(1, 2, 1, 1, g, 1), x, w, 2, bias, &y);
  EXPECT_EQ(y, 20);
}

TEST(Im2colU8, ReadsPatchRowsThroughThePaddedCopy) {
  // One 2×3 channel [[1, 2, 3], [4, 5, 6]], 2×2 window, stride 1, pad 1 before and after, pad value
  // 9: the padded copy is 4×5 and the output 3×4. Patch row 0 (tap (0, 0)) of positions 2..7 reads
  // padded cells (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3) = 9, 9, 9, 1, 2, 3; patch row 3
  // (tap (1, 1)) of positions 0..3 reads (1, 1), (1, 2), (1, 3), (1, 4) = 1, 2, 3, 9.
  const WindowGeometry g = makeGeometry({1, 2, 3}, {1, 2, 2}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const uint8_t image[] = {1, 2, 3, 4, 5, 6};
  Im2colU8 im2col(g, 1);
  ASSERT_EQ(im2col.paddedSize(), 20);
  std::vector<uint8_t> padded(20);
  im2col.pad(image, 9, padded.data());
  uint8_t row[6];
  im2col.selectColumns(2, 6);
  im2col.row(padded.data(), 0, row);
  EXPECT_EQ(std::vector<uint8_t>(row, row + 6), (std::vector<uint8_t>{9, 9, 9, 1, 2, 3}));
  im2col.selectColumns(0, 4);
  im2col.row(padded.data(), 3, row);
  EXPECT_EQ(std::vector<uint8_t>(row, row + 4), (std::vector<uint8_t>{1, 2, 3, 9}));
}

// convU8S8 (dispatched) against the reference on random data.
void checkConv(const ConvS8Params& p, int32_t wZeroPoint, bool bias, const std::vector<uint8_t>& x,
               const std::vector<int8_t>& w, uint32_t seed) {
  SCOPED_TRACE(describe(p) + " wZeroPoint=" + std::to_string(wZeroPoint) + " bias=" + std::to_string(bias) +
               " isa=" + (activeKernelIsa() == KernelIsa::Avx2 ? "avx2" : "reference") +
               " seed=" + std::to_string(seed));
  const WindowGeometry& g = p.geometry;
  const int64_t depth = p.inputChannels / p.groups * g.kernelVolume();
  const PackedWeightsS8 packed(w.data(), p.outputChannels, depth, wZeroPoint, p.groups);
  const std::vector<int32_t> b = randomIntegers<int32_t>(p.outputChannels, seed + 2, -50000, 50000);
  const auto outCount = static_cast<size_t>(p.batch * p.outputChannels * g.outputPlane());
  std::vector<int32_t> actual(outCount, 0x5A5A5A5A), expected(outCount, 0x0F0F0F0F);
  convU8S8(p, x.data(), packed, bias ? b.data() : nullptr, actual.data());
  convU8S8Reference(p, x.data(), w.data(), wZeroPoint, bias ? b.data() : nullptr, expected.data());
  const int64_t at = firstDifference(actual, expected);
  ASSERT_EQ(at, -1) << "first difference at output " << at << ": " << actual[static_cast<size_t>(at)] << " vs "
                    << expected[static_cast<size_t>(at)];
}

void checkRandomConv(const ConvS8Params& p, int32_t wZeroPoint, bool bias, uint32_t seed) {
  const int64_t weights = p.outputChannels * (p.inputChannels / p.groups) * p.geometry.kernelVolume();
  checkConv(p, wZeroPoint, bias, randomU8(p.batch * p.inputChannels * p.geometry.inputPlane(), seed),
            randomS8(weights, seed + 1), seed);
}

struct Channels {
  int64_t input, output, groups;
};

TEST(ConvU8S8, MatchesTheReferenceOverSweptGeometriesGroupsAndZeroPoints) {
  // Plain, grouped, depthwise and depthwise with a channel multiplier of 2.
  const Channels channelSets[] = {{3, 5, 1}, {4, 6, 2}, {5, 5, 5}, {3, 6, 3}};
  uint32_t seed = 1;
  for (const WindowGeometry& g : sweptGeometries())
    for (const Channels& c : channelSets)
      for (int32_t xZp : {0, 128, 201})
        for (int32_t wZp : {0, 3}) {
          checkRandomConv(params(2, c.input, c.output, c.groups, g, xZp), wZp, (seed & 1) != 0, seed);
          ++seed;
          if (::testing::Test::HasFatalFailure()) return;
        }
}

TEST(ConvU8S8, MatchesTheReferenceOnDeepAndPointwiseLayers) {
  // ResNet-like 3×3 pad-1 layers (depth 64·9 = 576 and odd 37·9), a stride-2 one, a 1×1 (the image
  // is the patch matrix) and a 1×1 stride-2 downsample; widths past several column blocks.
  uint32_t seed = 7000;
  // makeGeometry(input, kernel, stride, dilation, padBegin, padEnd), each (D, H, W).
  const WindowGeometry resnet = makeGeometry({1, 9, 11}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry strided = makeGeometry({1, 13, 7}, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry pointwise = makeGeometry({1, 10, 21}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const WindowGeometry downsample = makeGeometry({1, 14, 14}, {1, 1, 1}, {1, 2, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  for (int32_t xZp : {0, 128, 31}) {
    checkRandomConv(params(1, 64, 20, 1, resnet, xZp), 0, true, seed++);
    checkRandomConv(params(1, 37, 9, 1, strided, xZp), -2, true, seed++);
    checkRandomConv(params(2, 33, 17, 1, pointwise, xZp), 0, true, seed++);
    checkRandomConv(params(1, 16, 32, 1, downsample, xZp), 4, false, seed++);
  }
  // Depth 300·9 = 2700 makes tiles of about 112 columns: 12×25 = 300 positions span 3 tiles, whose
  // im2col selections start inside output rows.
  const WindowGeometry wide = makeGeometry({1, 12, 25}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  checkRandomConv(params(1, 300, 6, 1, wide, 90), -1, true, seed++);
}

TEST(ConvU8S8, StaysExactForSaturatingValues) {
  // Every activation 255 and every weight 127 or −128: each vpmaddubsw pair would saturate.
  const ConvS8Params p =
      params(1, 16, 8, 1, makeGeometry({1, 6, 6}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1}), 0);
  const std::vector<uint8_t> x(16 * 36, 255);
  for (int8_t value : {int8_t{127}, int8_t{-128}})
    checkConv(p, 0, true, x, std::vector<int8_t>(8 * 16 * 9, value), 1);
  const ConvS8Params depthwise =
      params(1, 4, 4, 4, makeGeometry({1, 9, 40}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1}), 0);
  for (int8_t value : {int8_t{127}, int8_t{-128}})
    checkConv(depthwise, 0, true, std::vector<uint8_t>(4 * 360, 255), std::vector<int8_t>(36, value), 2);
}

TEST(ConvU8S8, ReferenceFallbackGivesTheSameResults) {
  const ScopedKernelIsa reference(KernelIsa::Reference);
  const WindowGeometry g = makeGeometry({1, 7, 9}, {1, 3, 3}, {1, 2, 1}, {1, 1, 1}, {0, 1, 1}, {0, 0, 1});
  checkRandomConv(params(1, 6, 4, 2, g, 128), 1, true, 99);
}

TEST(DepthwiseConvU8S8, MatchesTheReferenceOnWideRowsStridesAndPads) {
  // Widths around the AVX2 blocks (16 outputs at stride 1, 8 at stride 2), 3×3 and 5×5 and even
  // kernels, vertical strides and dilations the kernel handles, and padding on every side.
  uint32_t seed = 300;
  for (int64_t width : {1, 7, 8, 15, 16, 17, 31, 33, 56})
    for (int64_t k : {1, 2, 3, 5})
      for (int64_t stride : {1, 2})
        for (int64_t pad : {0, 1, 2})
          for (int64_t dilationH : {1, 2})
            for (int32_t xZp : {0, 128}) {
              const WindowGeometry g = makeGeometry({1, 6, width}, {1, k, k}, {1, dilationH == 1 ? stride : 3, stride},
                                                    {1, dilationH, 1}, {0, pad, pad}, {0, 1, pad});
              if (!testing::fits(g)) continue;
              SCOPED_TRACE(describe(g) + " xZeroPoint=" + std::to_string(xZp) + " seed=" + std::to_string(seed));
              const std::vector<uint8_t> x = randomU8(g.inputPlane(), seed);
              const std::vector<int8_t> w = randomS8(g.kernelVolume(), seed + 1);
              const int32_t wZp = static_cast<int32_t>(seed % 3) - 1;
              std::vector<int32_t> actual(static_cast<size_t>(g.outputPlane()), 0x5A5A5A5A), expected(actual.size(), 7);
              depthwiseConvU8S8(x.data(), xZp, g, w.data(), wZp, -12345, actual.data());
              depthwiseConvU8S8Reference(x.data(), xZp, g, w.data(), wZp, -12345, expected.data());
              ASSERT_EQ(firstDifference(actual, expected), -1);
              ++seed;
            }
}

}  // namespace
}  // namespace quantlens::kernels
