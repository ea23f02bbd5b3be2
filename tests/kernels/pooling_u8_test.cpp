// uint8 average pooling: hand-derived ties, padding counts, zero points, and exact integer averages.
#include "kernels/pooling_u8.h"

#include <gtest/gtest.h>

#include "tests/kernels/int8_test_support.h"

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

}  // namespace
}  // namespace quantlens::kernels
