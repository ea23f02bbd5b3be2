// FP8 E4M3FN / E5M2 conversion: the [replica] values of REFERENCE-SEMANTICS §5, the format
// constants, and round-to-nearest-even against a brute-force nearest search over all codes.
#include "core/quant/fp8.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace quantlens {
namespace {

constexpr auto kE4M3 = Fp8Format::E4M3Fn;
constexpr auto kE5M2 = Fp8Format::E5M2;

TEST(Fp8, EncodesTheReplicaValues) {
  // REFERENCE-SEMANTICS §5 [replica].
  EXPECT_EQ(encodeFp8(0.1f, kE4M3), 0x1d);
  EXPECT_EQ(decodeFp8(0x1d, kE4M3), 0.1015625f);
  EXPECT_EQ(encodeFp8(300.0f, kE4M3), 0x79);
  EXPECT_EQ(decodeFp8(0x79, kE4M3), 288.0f);
  EXPECT_EQ(encodeFp8(464.0f, kE4M3), 0x7e);  // tie between 448 and 480 goes to even 448
  EXPECT_EQ(encodeFp8(465.0f, kE4M3, true), 0x7e);
  EXPECT_EQ(encodeFp8(465.0f, kE4M3, false), 0x7f);  // NaN
  EXPECT_EQ(encodeFp8(std::ldexp(1.0f, -10), kE4M3), 0x00);  // tie between 0 and 2^-9 goes to 0
  EXPECT_EQ(encodeFp8(0.001f, kE4M3), 0x01);
  EXPECT_EQ(encodeFp8(0.1f, kE5M2), 0x2e);
  EXPECT_EQ(decodeFp8(0x2e, kE5M2), 0.09375f);
  EXPECT_EQ(encodeFp8(61440.0f, kE5M2, true), 0x7b);  // tie rounds up past the max: saturates
  EXPECT_EQ(encodeFp8(61440.0f, kE5M2, false), 0x7c);  // or becomes +inf
}

TEST(Fp8, DecodesTheFormatConstants) {
  EXPECT_EQ(decodeFp8(0x7e, kE4M3), 448.0f);
  EXPECT_EQ(fp8MaxValue(kE4M3), 448.0f);
  EXPECT_EQ(decodeFp8(0x01, kE4M3), std::ldexp(1.0f, -9));
  EXPECT_EQ(decodeFp8(0x08, kE4M3), std::ldexp(1.0f, -6));  // smallest normal
  EXPECT_TRUE(std::isnan(decodeFp8(0x7f, kE4M3)));
  EXPECT_TRUE(std::isnan(decodeFp8(0xff, kE4M3)));
  EXPECT_EQ(decodeFp8(0x7b, kE5M2), 57344.0f);
  EXPECT_EQ(fp8MaxValue(kE5M2), 57344.0f);
  EXPECT_EQ(decodeFp8(0x01, kE5M2), std::ldexp(1.0f, -16));
  EXPECT_EQ(decodeFp8(0x7c, kE5M2), std::numeric_limits<float>::infinity());
  EXPECT_EQ(decodeFp8(0xfc, kE5M2), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(decodeFp8(0x7d, kE5M2)));
  EXPECT_TRUE(std::signbit(decodeFp8(0x80, kE4M3)));
}

TEST(Fp8, HandlesNanInfinityAndOverflowPerOnnxSaturation) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (bool saturate : {true, false}) {
    EXPECT_TRUE(std::isnan(decodeFp8(encodeFp8(nan, kE4M3, saturate), kE4M3)));
    EXPECT_TRUE(std::isnan(decodeFp8(encodeFp8(nan, kE5M2, saturate), kE5M2)));
  }
  EXPECT_EQ(encodeFp8(inf, kE4M3, true), 0x7e);
  EXPECT_EQ(encodeFp8(-inf, kE4M3, true), 0xfe);
  EXPECT_EQ(encodeFp8(-inf, kE4M3, false), 0xff);
  EXPECT_EQ(encodeFp8(inf, kE5M2, false), 0x7c);
  EXPECT_EQ(encodeFp8(-1e6f, kE5M2, true), 0xfb);
  // PyTorch's non-saturating .to(float8_e4m3fn): >= 480 is NaN; (464, 480) rounds up to NaN.
  EXPECT_EQ(encodeFp8(480.0f, kE4M3, false), 0x7f);
  EXPECT_EQ(encodeFp8(470.0f, kE4M3, false), 0x7f);
  EXPECT_EQ(encodeFp8(463.9f, kE4M3, false), 0x7e);
  EXPECT_EQ(encodeFp8(1e-30f, kE4M3), 0x00);
  EXPECT_EQ(encodeFp8(-1e-45f, kE5M2), 0x80);  // float32 subnormal, sign kept
}

TEST(Fp8, EveryFiniteCodeRoundTrips) {
  for (Fp8Format format : {kE4M3, kE5M2}) {
    for (int code = 0; code < 256; ++code) {
      const float value = decodeFp8(static_cast<uint8_t>(code), format);
      if (!std::isfinite(value)) continue;
      EXPECT_EQ(encodeFp8(value, format, false), code) << "code " << code;
    }
  }
}

// Nearest finite FP8 value by exhaustive search; ties to the even code (mantissa LSB 0).
uint8_t nearestByBruteForce(float x, Fp8Format format) {
  int best = -1;
  double bestDistance = 0.0;
  for (int code = 0; code < 128; ++code) {
    const float value = decodeFp8(static_cast<uint8_t>(code), format);
    if (!std::isfinite(value)) continue;
    const double distance = std::fabs(static_cast<double>(std::fabs(x)) - value);
    if (best < 0 || distance < bestDistance || (distance == bestDistance && (code & 1) == 0)) {
      best = code;
      bestDistance = distance;
    }
  }
  return static_cast<uint8_t>(best | (std::signbit(x) ? 0x80 : 0));
}

TEST(Fp8, RoundsToNearestEvenLikeABruteForceSearch) {
  std::mt19937 generator(17);
  for (Fp8Format format : {kE4M3, kE5M2}) {
    const float max = fp8MaxValue(format);
    std::vector<float> samples;
    // Every midpoint between neighbouring codes, and its float neighbours.
    for (int code = 0; code + 1 < 127; ++code) {
      const float a = decodeFp8(static_cast<uint8_t>(code), format);
      const float b = decodeFp8(static_cast<uint8_t>(code + 1), format);
      if (!std::isfinite(b) || b > max) continue;
      const float mid = static_cast<float>((static_cast<double>(a) + b) / 2.0);
      samples.insert(samples.end(), {mid, std::nextafter(mid, 0.0f), std::nextafter(mid, max), -mid});
    }
    std::uniform_real_distribution<float> exponent(-20.0f, std::log2(max));
    for (int i = 0; i < 20000; ++i) samples.push_back(std::exp2(exponent(generator)) * (i % 2 ? 1.0f : -1.0f));
    for (float x : samples) ASSERT_EQ(encodeFp8(x, format), nearestByBruteForce(x, format)) << "x = " << x;
  }
}

}  // namespace
}  // namespace quantlens
