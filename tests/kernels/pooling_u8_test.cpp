// uint8 pooling: average pooling by hand-derived cases, max pooling's fast path against direct loops.
#include "kernels/pooling_u8.h"

#include <random>

#include <gtest/gtest.h>

#include "kernels/pooling.h"
#include "tests/kernels/int8_test_support.h"
#include "tests/kernels/max_pool_sweep.h"

namespace quantlens::kernels {
namespace {

using testing::describe;
using testing::makeGeometry;
using testing::randomU8;
using testing::sweptGeometries;

PoolingU8Quantization sameScale(int32_t zeroPoint) {
  PoolingU8Quantization q;
  q.inputZeroPoint = zeroPoint;
  q.outputZeroPoint = zeroPoint;
  return q;
}

TEST(AveragePoolU8, RoundsTiesHalfToEven) {
  // Windows of 2 at stride 2 over [2, 3, 3, 4, 1, 2, 5, 8]: sums 5, 7, 3, 13 → 2.5, 3.5, 1.5, 6.5
  // → 2, 4, 2, 6 (half to even).
  const WindowGeometry g = makeGeometry({1, 1, 8}, {1, 1, 2}, {1, 1, 2}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const uint8_t x[] = {2, 3, 3, 4, 1, 2, 5, 8};
  uint8_t y[4];
  averagePoolU8(x, 1, g, false, sameScale(0), y);
  EXPECT_EQ(std::vector<uint8_t>(y, y + 4), (std::vector<uint8_t>{2, 4, 2, 6}));
}

TEST(AveragePoolU8, CountsPaddingAsTheQuantizedZeroWhenAsked) {
  // Zero point 100, x = [103, 109], windows of 2 at stride 1 with one pad cell in front:
  // window 0 = (pad, 103): S = 3; window 1 = (103, 109): S = 3 + 9 = 12.
  // countIncludePad: 3 / 2 = 1.5 → 2, 12 / 2 = 6 → [102, 106]; else 3 / 1 = 3 → [103, 106].
  const WindowGeometry g = makeGeometry({1, 1, 2}, {1, 1, 2}, {1, 1, 1}, {1, 1, 1}, {0, 0, 1}, {0, 0, 0});
  const uint8_t x[] = {103, 109};
  uint8_t y[2];
  averagePoolU8(x, 1, g, true, sameScale(100), y);
  EXPECT_EQ(std::vector<uint8_t>(y, y + 2), (std::vector<uint8_t>{102, 106}));
  averagePoolU8(x, 1, g, false, sameScale(100), y);
  EXPECT_EQ(std::vector<uint8_t>(y, y + 2), (std::vector<uint8_t>{103, 106}));
}

TEST(AveragePoolU8, RequantizesToAnotherScaleAndZeroPoint) {
  // Input zero point 10, x = [20, 30] (x − zp = 10, 20): S = 30, count 2; multiplier
  // s_in / s_out = 0.5: 30·0.5 / 2 = 7.5 → 8; + output zero point 50 = 58.
  const WindowGeometry g = makeGeometry({1, 1, 2}, {1, 1, 2}, {1, 1, 1}, {1, 1, 1}, {0, 0, 0}, {0, 0, 0});
  const uint8_t x[] = {20, 30};
  PoolingU8Quantization q;
  q.inputZeroPoint = 10;
  q.multiplier = 0.5f;
  q.outputZeroPoint = 50;
  uint8_t y = 0;
  averagePoolU8(x, 1, g, false, q, &y);
  EXPECT_EQ(y, 58);
}

// round(n / d) half to even in integers, d > 0.
int64_t divideHalfToEven(int64_t n, int64_t d) {
  int64_t quotient = n / d, remainder = n % d;
  if (remainder < 0) {
    remainder += d;
    --quotient;
  }
  if (2 * remainder > d || (2 * remainder == d && (quotient & 1) != 0)) ++quotient;
  return quotient;
}

TEST(AveragePoolU8, EqualsTheExactIntegerAverageWhenScalesMatch) {
  uint32_t seed = 1;
  for (const WindowGeometry& g : sweptGeometries())
    for (bool countIncludePad : {false, true})
      for (int32_t zp : {0, 128}) {
        SCOPED_TRACE(describe(g) + " countIncludePad=" + std::to_string(countIncludePad) +
                     " zeroPoint=" + std::to_string(zp));
        const std::vector<uint8_t> x = randomU8(2 * g.inputPlane(), seed++);
        std::vector<uint8_t> y(static_cast<size_t>(2 * g.outputPlane()));
        averagePoolU8(x.data(), 2, g, countIncludePad, sameScale(zp), y.data());
        for (int64_t p = 0; p < 2; ++p)
          for (int64_t od = 0; od < g.output[0]; ++od)
            for (int64_t oh = 0; oh < g.output[1]; ++oh)
              for (int64_t ow = 0; ow < g.output[2]; ++ow) {
                int64_t sum = 0, inside = 0, padded = 0;
                const int64_t o[3] = {od, oh, ow};
                for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
                  for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
                    for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                      const int64_t k[3] = {kd, kh, kw};
                      int64_t at[3];
                      bool inImage = true, inPadded = true;
                      for (size_t a = 0; a < 3; ++a) {
                        at[a] = o[a] * g.stride[a] - g.padBegin[a] + k[a] * g.dilation[a];
                        inImage = inImage && at[a] >= 0 && at[a] < g.input[a];
                        inPadded = inPadded && at[a] >= -g.padBegin[a] && at[a] < g.input[a] + g.padEnd[a];
                      }
                      padded += inPadded;
                      if (!inImage) continue;
                      ++inside;
                      const int64_t cell = (at[0] * g.input[1] + at[1]) * g.input[2] + at[2];
                      sum += x[static_cast<size_t>(p * g.inputPlane() + cell)] - zp;
                    }
                const int64_t count = countIncludePad ? padded : inside;
                const int64_t expected =
                    count == 0 ? zp : std::clamp<int64_t>(divideHalfToEven(sum, count) + zp, 0, 255);
                ASSERT_EQ(y[static_cast<size_t>(p * g.outputPlane() + (od * g.output[1] + oh) * g.output[2] + ow)],
                          expected)
                    << "plane " << p << " output (" << od << ", " << oh << ", " << ow << ")";
              }
      }
}

TEST(GlobalAveragePoolU8, AveragesWholePlanesHalfToEven) {
  // Planes [1, 2, 3, 4] (10 / 4 = 2.5 → 2) and [1, 2, 3, 8] (14 / 4 = 3.5 → 4), zero point 0; then
  // with zero point 1 on both sides: (0 + 1 + 2 + 3) / 4 = 1.5 → 2, + 1 = 3.
  const uint8_t x[] = {1, 2, 3, 4, 1, 2, 3, 8};
  uint8_t y[2];
  globalAveragePoolU8(x, 2, 4, sameScale(0), y);
  EXPECT_EQ(y[0], 2);
  EXPECT_EQ(y[1], 4);
  globalAveragePoolU8(x, 1, 4, sameScale(1), y);
  EXPECT_EQ(y[0], 3);
}

// maxPoolU8 / maxPoolS8 without indices take the AVX2 interior fast path; with indices the
// index-tracking loop. Both must equal the direct loops over every tap.
TEST(MaxPoolBytes, FastPathMatchesIndexTrackingLoopForSignedAndUnsigned) {
  const int64_t planes = 2;
  uint32_t seed = 11;
  for (const WindowGeometry& g : testing::sweptMaxPoolGeometries()) {
    SCOPED_TRACE(describe(g));
    // Values 0..15 (and −8..7) tie often; 255 / 127 and 0 / −128 cover the ends of the range.
    std::mt19937 generator(seed++);
    std::uniform_int_distribution<int> pick(0, 17);
    std::vector<uint8_t> u8(static_cast<size_t>(planes * g.inputPlane()));
    std::vector<int8_t> s8(u8.size());
    for (size_t i = 0; i < u8.size(); ++i) {
      const int r = pick(generator);
      u8[i] = static_cast<uint8_t>(r == 16 ? 255 : r == 17 ? 0 : r);
      s8[i] = static_cast<int8_t>(r == 16 ? 127 : r == 17 ? -128 : r - 8);
    }
    const std::vector<uint8_t> expectedU8 = testing::maxPoolDirectly(u8, planes, g);
    const std::vector<int8_t> expectedS8 = testing::maxPoolDirectly(s8, planes, g);
    std::vector<int64_t> indices(expectedU8.size());
    std::vector<uint8_t> u8Fast(expectedU8.size()), u8Tracked(expectedU8.size());
    maxPoolU8(u8.data(), planes, g, u8Fast.data());
    maxPoolU8(u8.data(), planes, g, u8Tracked.data(), indices.data());
    EXPECT_EQ(u8Fast, expectedU8);
    EXPECT_EQ(u8Tracked, expectedU8);
    std::vector<int8_t> s8Fast(expectedS8.size()), s8Tracked(expectedS8.size());
    maxPoolS8(s8.data(), planes, g, s8Fast.data());
    maxPoolS8(s8.data(), planes, g, s8Tracked.data(), indices.data());
    EXPECT_EQ(s8Fast, expectedS8);
    EXPECT_EQ(s8Tracked, expectedS8);
  }
}

}  // namespace
}  // namespace quantlens::kernels
