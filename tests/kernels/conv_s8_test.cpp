// Int8 convolution and depthwise convolution: the references by hand, the dispatched kernels against them.
#include "kernels/conv_s8.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "kernels/cpu_features.h"
#include "kernels/depthwise_conv_s8.h"
#include "kernels/im2col_phases_u8.h"
#include "kernels/im2col_u8.h"
#include "kernels/requantize.h"
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

TEST(Im2colPhasesU8, SplitsAStrideTwoImageIntoPhasePlanes) {
  // One 4×5 channel holding 1..20 row by row, 3×3 window, stride 2, pad 1 on every side (pad value
  // 99): output 2×3. Taps k = 0, 1, 2 read phases 0, 1, 0 with shifts 0, 0, 1 along each axis, so
  // both phases are kept; a plane has E = output + (3 − 1) div 2 = 3 rows of 4. Plane (ph, pw)
  // element [y][x] is the padded cell (2y + ph, 2x + pw), i.e. image (2y + ph − 1, 2x + pw − 1):
  //   (0, 0): image rows −1, 1, 3, columns −1, 1, 3, 5 → 99 99 99 99 | 99 7 9 99 | 99 17 19 99
  //   (0, 1): rows −1, 1, 3, columns 0, 2, 4, 6       → 99 99 99 99 | 6 8 10 99 | 16 18 20 99
  //   (1, 0): rows 0, 2, 4, columns −1, 1, 3, 5        → 99 2 4 99 | 99 12 14 99 | 99 99 99 99
  //   (1, 1): rows 0, 2, 4, columns 0, 2, 4, 6         → 1 3 5 99 | 11 13 15 99 | 99 99 99 99
  const WindowGeometry g = makeGeometry({1, 4, 5}, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  ASSERT_EQ(g.output, (Extents3{1, 2, 3}));
  std::vector<uint8_t> image(20);
  for (size_t i = 0; i < image.size(); ++i) image[i] = static_cast<uint8_t>(i + 1);
  const Im2colPhasesU8 phases(g, 1);
  EXPECT_FALSE(phases.readsImageInPlace());
  ASSERT_EQ(phases.size(), 4 * 12 + Im2colPhasesU8::kWriteSlack);
  std::vector<uint8_t> planes(static_cast<size_t>(phases.size()));
  phases.fill(image.data(), 99, planes.data());
  const std::vector<uint8_t> expected = {
      99, 99, 99, 99, 99, 7,  9,  99, 99, 17, 19, 99,  // (0, 0)
      99, 99, 99, 99, 6,  8,  10, 99, 16, 18, 20, 99,  // (0, 1)
      99, 2,  4,  99, 99, 12, 14, 99, 99, 99, 99, 99,  // (1, 0)
      1,  3,  5,  99, 11, 13, 15, 99, 99, 99, 99, 99,  // (1, 1)
  };
  EXPECT_EQ(std::vector<uint8_t>(planes.begin(), planes.begin() + 48), expected);
  // Position (oh, ow) is column 4·oh + ow: 0, 1, 2 and 4, 5, 6 (column 3 is junk), 7 in all.
  EXPECT_EQ(phases.columns(), 7);
  EXPECT_FALSE(phases.dense());
  // Patch row 3·kh + kw: tap (0, 0) → plane (0, 0) at 0; (1, 1) → plane (1, 1) at 36; (2, 2) →
  // plane (0, 0) shifted by one row and column, 5; (1, 0) → plane (1, 0) at 24.
  EXPECT_EQ(phases.rowOffset(0), 0);
  EXPECT_EQ(phases.rowOffset(4), 36);
  EXPECT_EQ(phases.rowOffset(8), 5);
  EXPECT_EQ(phases.rowOffset(3), 24);
  // Tap (1, 1) of position (0, 1) is image (0, 2) = 3; tap (2, 2) of (1, 2) is image (3, 5), padding.
  EXPECT_EQ(planes[static_cast<size_t>(phases.rowOffset(4) + 1)], 3);
  EXPECT_EQ(planes[static_cast<size_t>(phases.rowOffset(8) + 6)], 99);
  // A second image over the same planes: with the padding already written only its cells change,
  // and the planes equal a fresh fill.
  std::vector<uint8_t> second(20);
  for (size_t i = 0; i < second.size(); ++i) second[i] = static_cast<uint8_t>(200 - i);
  std::vector<uint8_t> fresh(planes.size());
  phases.fill(second.data(), 99, fresh.data());
  phases.fill(second.data(), 99, planes.data(), true);
  EXPECT_EQ(planes, fresh);
  const uint8_t virtualRow[] = {10, 11, 12, 13, 14, 15, 16};
  uint8_t compact[6];
  phases.compactRows(virtualRow, 1, 7, compact);
  EXPECT_EQ(std::vector<uint8_t>(compact, compact + 6), (std::vector<uint8_t>{10, 11, 12, 14, 15, 16}));
  // Rounded to whole blocks of 16 columns: 9 junk columns more, and 9 readable bytes after the planes.
  const Im2colPhasesU8 rounded(g, 1, 16);
  EXPECT_EQ(rounded.columns(), 16);
  EXPECT_EQ(rounded.size(), 4 * 12 + 9 + Im2colPhasesU8::kWriteSlack);
}

TEST(Im2colPhasesU8, ReadsAnUnpaddedStrideOneImageInPlace) {
  // 3×4 image, 2×2 window, stride 1, no padding: output 2×3, E = 2 + 1 by 3 + 1 = the image.
  // Tap (1, 1) starts one row and one column in: offset 5; position (1, 2) is column 4 + 2.
  const WindowGeometry g = makeGeometry({1, 3, 4}, {1, 2, 2}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const Im2colPhasesU8 phases(g, 2, 16);
  EXPECT_TRUE(phases.readsImageInPlace());
  EXPECT_EQ(phases.columns(), 7);  // not rounded: the image cannot be read past its end
  EXPECT_EQ(phases.rowOffset(3), 5);
  EXPECT_EQ(phases.rowOffset(4), 12);  // channel 1, tap (0, 0)
  // A 1×1 stride-2 window needs one phase of four and no junk column.
  const WindowGeometry down = makeGeometry({1, 6, 6}, {1, 1, 1}, {1, 2, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const Im2colPhasesU8 one(down, 3);
  EXPECT_TRUE(one.dense());
  EXPECT_EQ(one.size(), 3 * 9 + Im2colPhasesU8::kWriteSlack);
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

TEST(ConvU8S8, MatchesTheReferenceWithOneInputChannelPerGroupAndManyFilters) {
  // A gray-image stem (one input channel, 16 filters: a GEMM of depth kernelVolume) and grouped
  // layers of one channel per group with 4 or 5 filters each (the GEMM per group, not the plane kernel).
  const Channels channelSets[] = {{1, 16, 1}, {2, 8, 2}, {3, 15, 3}};
  uint32_t seed = 20000;
  for (const WindowGeometry& g : sweptGeometries())
    for (const Channels& c : channelSets)
      for (int32_t xZp : {0, 128, 59}) {
        checkRandomConv(params(1 + seed % 2, c.input, c.output, c.groups, g, xZp), static_cast<int32_t>(seed % 3) - 1,
                        (seed & 1) != 0, seed);
        ++seed;
        if (::testing::Test::HasFatalFailure()) return;
      }
  // The demo model's stem: 28×28, 3×3, pad 1.
  const WindowGeometry stem = makeGeometry({1, 28, 28}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  checkRandomConv(params(1, 1, 16, 1, stem, 0), 0, true, seed++);
}

// convU8S8ToU8 against the reference convolution followed by the reference requantization.
void checkConvToU8(const ConvS8Params& p, int32_t wZeroPoint, bool bias, bool perChannel, int32_t outputZeroPoint,
                   int32_t outputMin, int32_t outputMax, uint32_t seed) {
  SCOPED_TRACE(describe(p) + " wZeroPoint=" + std::to_string(wZeroPoint) + " bias=" + std::to_string(bias) +
               " perChannel=" + std::to_string(perChannel) + " outputZeroPoint=" + std::to_string(outputZeroPoint) +
               " outputMin=" + std::to_string(outputMin) + " outputMax=" + std::to_string(outputMax) +
               " isa=" + (activeKernelIsa() == KernelIsa::Avx2 ? "avx2" : "reference") +
               " seed=" + std::to_string(seed));
  const WindowGeometry& g = p.geometry;
  const int64_t depth = p.inputChannels / p.groups * g.kernelVolume();
  const std::vector<uint8_t> x = randomU8(p.batch * p.inputChannels * g.inputPlane(), seed);
  const std::vector<int8_t> w = randomS8(p.outputChannels * depth, seed + 1);
  const std::vector<int32_t> b = randomIntegers<int32_t>(p.outputChannels, seed + 2, -50000, 50000);
  // Multipliers that map the typical accumulator (some 10⁴–10⁵) to tens of codes, ties included.
  std::vector<float> multipliers;
  for (int32_t m : randomIntegers<int32_t>(p.outputChannels, seed + 3, 1, 64)) multipliers.push_back(0.0001f * m);
  Requantization r;
  r.multipliers = multipliers.data();
  r.perChannel = perChannel;
  r.zeroPoint = outputZeroPoint;
  r.outputMin = outputMin;
  r.outputMax = outputMax;
  const PackedWeightsS8 packed(w.data(), p.outputChannels, depth, wZeroPoint, p.groups);
  const int64_t image = p.outputChannels * g.outputPlane();
  std::vector<int32_t> acc(static_cast<size_t>(p.batch * image));
  convU8S8Reference(p, x.data(), w.data(), wZeroPoint, bias ? b.data() : nullptr, acc.data());
  std::vector<uint8_t> expected(acc.size(), 7), actual(acc.size(), 0xA5);
  for (int64_t n = 0; n < p.batch; ++n)
    requantizeToU8Reference(acc.data() + n * image, p.outputChannels, g.outputPlane(), r, expected.data() + n * image);
  convU8S8ToU8(p, x.data(), packed, bias ? b.data() : nullptr, r, actual.data());
  for (size_t i = 0; i < actual.size(); ++i)
    ASSERT_EQ(actual[i], expected[i]) << "first difference at output " << i << " (accumulator " << acc[i] << ")";
}

TEST(ConvU8S8ToU8, MatchesConvolutionThenRequantizationOverSweptGeometries) {
  // Plain, grouped, depthwise, depthwise with multiplier 2 and a one-channel stem; per-tensor and
  // per-channel multipliers; no clamp, a fused ReLU (min = zero point) and a ReLU6-like window.
  const Channels channelSets[] = {{3, 5, 1}, {4, 8, 2}, {5, 5, 5}, {3, 6, 3}, {1, 6, 1}};
  uint32_t seed = 40000;
  for (const WindowGeometry& g : sweptGeometries())
    for (const Channels& c : channelSets)
      for (int32_t xZp : {0, 128, 201}) {
        const int32_t zp = static_cast<int32_t>(seed * 37 % 256);
        const int32_t clamp = static_cast<int32_t>(seed % 3);
        const int32_t low = clamp == 0 ? 0 : zp, high = clamp == 2 ? std::min(255, zp + 60) : 255;
        checkConvToU8(params(1 + seed % 2, c.input, c.output, c.groups, g, xZp), static_cast<int32_t>(seed % 3) - 1,
                      seed % 4 != 0, (seed & 1) != 0, zp, low, high, seed);
        ++seed;
        if (::testing::Test::HasFatalFailure()) return;
      }
}

TEST(ConvU8S8ToU8, MatchesOnTheDemoModelsLayersAndTheReferenceFallback) {
  // The shapes of resources/demo/fashion_cnn.onnx: stem, stride-2 down, 3×3 residual, stride-2
  // depthwise, pointwise (read in place); then the same without AVX2.
  // makeGeometry(input, kernel, stride, dilation, padBegin, padEnd), each (D, H, W).
  const WindowGeometry stem = makeGeometry({1, 28, 28}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry down = makeGeometry({1, 28, 28}, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry res = makeGeometry({1, 14, 14}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry dw = makeGeometry({1, 14, 14}, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry pw = makeGeometry({1, 7, 7}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  uint32_t seed = 60000;
  for (bool reference : {false, true}) {
    std::optional<ScopedKernelIsa> isa;
    if (reference) isa.emplace(KernelIsa::Reference);
    for (int32_t xZp : {0, 128, 13}) {
      checkConvToU8(params(1, 1, 16, 1, stem, xZp), 0, true, true, 0, 0, 255, seed++);
      checkConvToU8(params(1, 16, 32, 1, down, xZp), 0, true, true, 3, 3, 255, seed++);
      checkConvToU8(params(1, 32, 32, 1, res, xZp), 0, true, false, 128, 0, 255, seed++);
      checkConvToU8(params(1, 32, 32, 32, dw, xZp), 0, true, true, 0, 0, 255, seed++);
      checkConvToU8(params(1, 32, 64, 1, pw, xZp), 0, true, true, 9, 9, 70, seed++);
    }
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
  for (int64_t width : {1, 7, 8, 14, 15, 16, 17, 28, 31, 33, 56})
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
