// convF32 / convTransposeF32 on every path against the reference loops, which are checked by hand.
#include "kernels/conv_f32.h"

#include <cmath>

#include <gtest/gtest.h>

#include "tests/kernels/kernel_test_support.h"

namespace quantlens::kernels {
namespace {

using testing::describe;
using testing::makeGeometry;
using testing::randomValues;
using testing::sweptGeometries;

std::string describe(const ConvF32Params& p) {
  return "batch=" + std::to_string(p.batch) + " inputChannels=" + std::to_string(p.inputChannels) +
         " outputChannels=" + std::to_string(p.outputChannels) + " groups=" + std::to_string(p.groups) + " " +
         describe(p.geometry);
}

void expectNear(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    ASSERT_NEAR(actual[i], expected[i], 1e-4 + 1e-4 * std::abs(expected[i])) << "element " << i;
}

// Runs convF32 (or the transpose) and its reference on random data and compares them.
void checkConv(const ConvF32Params& p, bool transpose, bool bias, uint32_t seed) {
  SCOPED_TRACE(std::string(transpose ? "transpose " : "") + describe(p) + " bias=" + std::to_string(bias));
  const WindowGeometry& g = p.geometry;
  const int64_t inPlane = transpose ? g.outputPlane() : g.inputPlane();
  const int64_t outPlane = transpose ? g.inputPlane() : g.outputPlane();
  const int64_t weightCount = transpose ? p.inputChannels * (p.outputChannels / p.groups) * g.kernelVolume()
                                        : p.outputChannels * (p.inputChannels / p.groups) * g.kernelVolume();
  const std::vector<float> x = randomValues(p.batch * p.inputChannels * inPlane, seed);
  const std::vector<float> w = randomValues(weightCount, seed + 1);
  const std::vector<float> b = randomValues(p.outputChannels, seed + 2);
  const size_t outCount = static_cast<size_t>(p.batch * p.outputChannels * outPlane);
  std::vector<float> actual(outCount, std::nanf("")), expected(outCount, std::nanf(""));
  const float* biasData = bias ? b.data() : nullptr;
  if (transpose) {
    convTransposeF32(p, x.data(), w.data(), biasData, actual.data());
    convTransposeF32Reference(p, x.data(), w.data(), biasData, expected.data());
  } else {
    convF32(p, x.data(), w.data(), biasData, actual.data());
    convF32Reference(p, x.data(), w.data(), biasData, expected.data());
  }
  expectNear(actual, expected);
}

ConvF32Params params(int64_t batch, int64_t inputChannels, int64_t outputChannels, int64_t groups,
                     const WindowGeometry& g) {
  ConvF32Params p;
  p.batch = batch;
  p.inputChannels = inputChannels;
  p.outputChannels = outputChannels;
  p.groups = groups;
  p.geometry = g;
  return p;
}

TEST(ConvF32Reference, SumsTheFilterOverTheWindow) {
  // 1-D: x = [1, 2, 3, 4], w = [1, −1], stride 1, pad 1 each side, bias 0.5:
  // y[o] = x[o−1] − x[o] + 0.5 → [0 − 1, 1 − 2, 2 − 3, 3 − 4, 4 − 0] + 0.5
  //      = [−0.5, −0.5, −0.5, −0.5, 4.5].
  const ConvF32Params p =
      params(1, 1, 1, 1, makeGeometry({1, 1, 4}, {1, 1, 2}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}, {0, 0, 1}));
  const float x[] = {1, 2, 3, 4}, w[] = {1, -1}, b[] = {0.5f};
  float y[5];
  convF32Reference(p, x, w, b, y);
  EXPECT_EQ(std::vector<float>(y, y + 5), (std::vector<float>{-0.5f, -0.5f, -0.5f, -0.5f, 4.5f}));
}

TEST(ConvTransposeF32Reference, SpreadsEachInputOverTheFilter) {
  // The transpose of a stride-2 convolution with w = [1, 10] on an image of 4 (2 windows):
  // x = [1, 2] → y = [1·1, 1·10, 2·1, 2·10] = [1, 10, 2, 20].
  const ConvF32Params p =
      params(1, 1, 1, 1, makeGeometry({1, 1, 4}, {1, 1, 2}, {1, 1, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0}));
  const float x[] = {1, 2}, w[] = {1, 10};
  float y[4];
  convTransposeF32Reference(p, x, w, nullptr, y);
  EXPECT_EQ(std::vector<float>(y, y + 4), (std::vector<float>{1, 10, 2, 20}));
}

TEST(ConvF32, MatchesTheReferenceOverSweptGeometriesAndGroupings) {
  // (inputChannels, outputChannels, groups): dense, grouped, depthwise, depthwise × 2, one channel.
  const int64_t setups[][3] = {{3, 4, 1}, {4, 6, 2}, {5, 5, 5}, {3, 6, 3}, {1, 2, 1}};
  uint32_t seed = 1;
  for (const WindowGeometry& g : sweptGeometries())
    for (const auto& s : setups) {
      seed += 3;
      checkConv(params(2, s[0], s[1], s[2], g), false, seed % 2 == 0, seed);
    }
}

TEST(ConvF32, MatchesTheReferenceOnEveryFastPath) {
  const WindowGeometry same3x3 =
      makeGeometry({1, 23, 29}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry down3x3 =
      makeGeometry({1, 23, 29}, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1});
  const WindowGeometry same5x5 =
      makeGeometry({1, 17, 19}, {1, 5, 5}, {1, 1, 1}, {1, 1, 1}, {0, 2, 2}, {0, 2, 2});
  const WindowGeometry down5x5 =
      makeGeometry({1, 17, 19}, {1, 5, 5}, {1, 2, 2}, {1, 1, 1}, {0, 2, 2}, {0, 1, 1});
  const WindowGeometry unpadded3x3 =
      makeGeometry({1, 9, 40}, {1, 3, 3}, {1, 1, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const WindowGeometry pointwise =
      makeGeometry({1, 13, 17}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const WindowGeometry pointwiseStrided =
      makeGeometry({1, 13, 17}, {1, 1, 1}, {1, 2, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  uint32_t seed = 10000;
  for (const WindowGeometry& g : {same3x3, down3x3, same5x5, down5x5, unpadded3x3}) {
    checkConv(params(2, 8, 8, 8, g), false, true, seed += 3);    // depthwise
    checkConv(params(1, 4, 12, 4, g), false, false, seed += 3);  // depthwise, multiplier 3
  }
  checkConv(params(2, 16, 8, 1, pointwise), false, true, seed += 3);
  checkConv(params(1, 16, 8, 2, pointwise), false, true, seed += 3);
  checkConv(params(1, 16, 8, 1, pointwiseStrided), false, true, seed += 3);
  // 64 channels × 3×3 = 576 patch rows: 1 MB of scratch holds 455 columns, so 667 positions take
  // two tiles; 600 channels × 9 = 5400 rows fall back to the 64-column minimum tile.
  checkConv(params(1, 64, 8, 1, same3x3), false, true, seed += 3);
  checkConv(params(1, 600, 2, 1, down3x3), false, true, seed += 3);
}

TEST(ConvTransposeF32, MatchesTheReferenceOverSweptGeometriesAndGroupings) {
  const int64_t setups[][3] = {{3, 4, 1}, {4, 6, 2}, {5, 5, 5}, {2, 1, 1}};
  uint32_t seed = 20000;
  for (const WindowGeometry& g : sweptGeometries())
    for (const auto& s : setups) {
      seed += 3;
      checkConv(params(2, s[0], s[1], s[2], g), true, seed % 2 == 0, seed);
    }
  const WindowGeometry pointwise =
      makeGeometry({1, 13, 17}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  checkConv(params(2, 16, 8, 1, pointwise), true, true, seed += 3);
  checkConv(
      params(1, 600, 2, 1, makeGeometry({1, 9, 9}, {1, 3, 3}, {1, 2, 2}, {1, 1, 1}, {0, 1, 1}, {0, 1, 1})),
      true, true, seed += 3);
}

TEST(ConvF32, WritesNothingForAnEmptyBatch) {
  const ConvF32Params p =
      params(0, 2, 2, 1, makeGeometry({1, 4, 4}, {1, 3, 3}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0}));
  convF32(p, nullptr, nullptr, nullptr, nullptr);
  convTransposeF32(p, nullptr, nullptr, nullptr, nullptr);
}

}  // namespace
}  // namespace quantlens::kernels
