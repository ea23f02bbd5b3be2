// Max and average pooling kernels against direct window loops, indices and padding-only windows.
#include "kernels/pooling.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "tests/kernels/kernel_test_support.h"
#include "tests/kernels/max_pool_sweep.h"

namespace quantlens::kernels {
namespace {

using testing::describe;
using testing::makeGeometry;
using testing::maxPoolDirectly;
using testing::randomValues;
using testing::sweptGeometries;
using testing::sweptMaxPoolGeometries;

struct Expected {
  std::vector<float> max, average, averageWithPad;
  std::vector<int64_t> rowMajor, columnMajor;
};

// Direct loops over every tap of every window.
Expected poolDirectly(const std::vector<float>& input, int64_t planes, const WindowGeometry& g) {
  Expected e;
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t od = 0; od < g.output[0]; ++od)
      for (int64_t oh = 0; oh < g.output[1]; ++oh)
        for (int64_t ow = 0; ow < g.output[2]; ++ow) {
          double sum = 0.0;
          int64_t inside = 0, padded = 0, best = -1;
          for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
              for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                const int64_t at[3] = {od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0],
                                       oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1],
                                       ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2]};
                bool inImage = true, inPadded = true;
                for (size_t a = 0; a < 3; ++a) {
                  inImage = inImage && at[a] >= 0 && at[a] < g.input[a];
                  inPadded = inPadded && at[a] >= -g.padBegin[a] && at[a] < g.input[a] + g.padEnd[a];
                }
                padded += inPadded;
                if (!inImage) continue;
                const int64_t cell = (at[0] * g.input[1] + at[1]) * g.input[2] + at[2];
                const float v = input[static_cast<size_t>(p * g.inputPlane() + cell)];
                ++inside;
                sum += v;
                if (best < 0 || v > input[static_cast<size_t>(p * g.inputPlane() + best)]) best = cell;
              }
          e.max.push_back(input[static_cast<size_t>(p * g.inputPlane() + best)]);
          e.average.push_back(static_cast<float>(sum / static_cast<double>(inside)));
          e.averageWithPad.push_back(static_cast<float>(sum / static_cast<double>(padded)));
          const int64_t x = best % g.input[2], y = (best / g.input[2]) % g.input[1],
                        z = best / (g.input[2] * g.input[1]);
          e.rowMajor.push_back(p * g.inputPlane() + best);
          e.columnMajor.push_back(p * g.inputPlane() + z + y * g.input[0] + x * g.input[0] * g.input[1]);
        }
  return e;
}

void expectNear(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    ASSERT_NEAR(actual[i], expected[i], 1e-6 + 1e-5 * std::abs(expected[i])) << "element " << i;
}

TEST(PoolingF32, MatchesDirectLoopsOverSweptGeometries) {
  const int64_t planes = 3;
  uint32_t seed = 1;
  for (const WindowGeometry& g : sweptGeometries()) {
    // Pads at least as wide as the window would allow windows of padding only (tested below).
    bool padOnly = false;
    for (size_t a = 0; a < 3; ++a)
      padOnly = padOnly || g.padBegin[a] >= g.kernel[a] || g.padEnd[a] >= g.kernel[a];
    if (padOnly) continue;
    SCOPED_TRACE(describe(g));
    const std::vector<float> input = randomValues(planes * g.inputPlane(), seed++);
    const Expected e = poolDirectly(input, planes, g);
    const auto outCount = static_cast<size_t>(planes * g.outputPlane());
    std::vector<float> y(outCount);
    std::vector<int64_t> indices(outCount);
    maxPoolF32(input.data(), planes, g, y.data(), indices.data(), false);
    EXPECT_EQ(y, e.max);
    EXPECT_EQ(indices, e.rowMajor);
    maxPoolF32(input.data(), planes, g, y.data(), indices.data(), true);
    EXPECT_EQ(indices, e.columnMajor);
    averagePoolF32(input.data(), planes, g, false, y.data());
    expectNear(y, e.average);
    averagePoolF32(input.data(), planes, g, true, y.data());
    expectNear(y, e.averageWithPad);
  }
}

TEST(PoolingF32, PoolsSignedAndUnsignedBytes) {
  // One plane [5, −3, 7, 100] / [5, 253, 7, 100] in windows of 2 at stride 2.
  const WindowGeometry g = makeGeometry({1, 1, 4}, {1, 1, 2}, {1, 1, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const int8_t s8[] = {5, -3, 7, 100};
  int8_t s8Out[2];
  maxPoolS8(s8, 1, g, s8Out);
  EXPECT_EQ(s8Out[0], 5);
  EXPECT_EQ(s8Out[1], 100);
  const uint8_t u8[] = {5, 253, 7, 100};
  uint8_t u8Out[2];
  int64_t indices[2];
  maxPoolU8(u8, 1, g, u8Out, indices);
  EXPECT_EQ(u8Out[0], 253);
  EXPECT_EQ(u8Out[1], 100);
  EXPECT_EQ(indices[0], 1);
  EXPECT_EQ(indices[1], 3);
}

TEST(PoolingF32, GivesLowestAndNaNForAWindowOfPaddingOnly) {
  // Image [1, 2] with kernel 1 and two pad cells in front: the first two windows hold only padding.
  const WindowGeometry g = makeGeometry({1, 1, 2}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {0, 0, 2}, {0, 0, 0});
  const float x[] = {1, 2};
  float y[4];
  int64_t indices[4];
  maxPoolF32(x, 1, g, y, indices);
  EXPECT_EQ(y[0], std::numeric_limits<float>::lowest());
  EXPECT_EQ(indices[0], -1);
  EXPECT_EQ(y[3], 2.0f);
  averagePoolF32(x, 1, g, false, y);
  EXPECT_TRUE(std::isnan(y[0]));
  averagePoolF32(x, 1, g, true, y);
  EXPECT_EQ(y[0], 0.0f);  // one pad cell counted, sum 0
}

std::vector<uint32_t> bitsOf(const std::vector<float>& values) {
  std::vector<uint32_t> bits(values.size());
  std::memcpy(bits.data(), values.data(), values.size() * sizeof(float));
  return bits;
}

// Few distinct values so windows tie often, −0 beside +0 (the first of equal maxima must win) and an
// occasional NaN (kept only as a window's first tap).
std::vector<float> valuesWithTies(int64_t count, uint32_t seed) {
  const float choices[] = {-2.0f, -0.5f, -0.0f, 0.0f, 0.25f, 1.0f, 3.0f, std::numeric_limits<float>::quiet_NaN()};
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int> pick(0, 63);
  std::vector<float> values(static_cast<size_t>(count));
  for (float& v : values) {
    const int r = pick(generator);
    v = r == 0 ? choices[7] : choices[r % 7];
  }
  return values;
}

// Without indices the interior windows take the vector fast path; with indices every window takes
// the index-tracking loop. Both must give the direct loops' values bit for bit.
TEST(MaxPoolF32, FastPathMatchesIndexTrackingLoopBitForBit) {
  const int64_t planes = 2;
  uint32_t seed = 7;
  for (const WindowGeometry& g : sweptMaxPoolGeometries()) {
    SCOPED_TRACE(describe(g));
    // Exactly sized: the last plane's interior ends at the buffer's end (vector loads must not pass it).
    const std::vector<float> input = valuesWithTies(planes * g.inputPlane(), seed++);
    const std::vector<float> expected = maxPoolDirectly(input, planes, g);
    std::vector<float> fast(expected.size()), tracked(expected.size());
    std::vector<int64_t> indices(expected.size());
    maxPoolF32(input.data(), planes, g, fast.data());
    maxPoolF32(input.data(), planes, g, tracked.data(), indices.data());
    EXPECT_EQ(bitsOf(fast), bitsOf(expected));
    EXPECT_EQ(bitsOf(tracked), bitsOf(expected));
  }
}

TEST(MaxPoolF32, FastPathKeepsTheFirstOfEqualMaximaAndALeadingNaN) {
  // One row of 40 → 38 windows of 3 at stride 1 (all interior). Window 0 = [−0, +0, −1]: the first
  // maximum −0 wins. Window 5 = [NaN, 9, 9]: the NaN first tap stays. Window 6 = [9, 9, −1] with the
  // NaN outside → 9; window 3 = [1, 1, NaN] → 1 (a later NaN is passed over).
  const WindowGeometry g = makeGeometry({1, 1, 40}, {1, 1, 3}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  std::vector<float> x(40, -1.0f);
  x[0] = -0.0f;
  x[1] = 0.0f;
  x[3] = 1.0f;
  x[4] = 1.0f;
  x[5] = std::numeric_limits<float>::quiet_NaN();
  x[6] = 9.0f;
  x[7] = 9.0f;
  std::vector<float> y(38);
  maxPoolF32(x.data(), 1, g, y.data());
  EXPECT_TRUE(std::signbit(y[0]));
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[3], 1.0f);
  EXPECT_TRUE(std::isnan(y[5]));
  EXPECT_EQ(y[6], 9.0f);
}

}  // namespace
}  // namespace quantlens::kernels
