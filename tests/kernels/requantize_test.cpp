// Requantization: ties rounded half to even, saturation, fused ReLU, per-channel multipliers, AVX2 = reference.
#include "kernels/requantize.h"

#include <limits>

#include <gtest/gtest.h>

#include "kernels/cpu_features.h"
#include "tests/kernels/int8_test_support.h"

namespace quantlens::kernels {
namespace {

using testing::randomIntegers;

Requantization perTensor(const float* multiplier, int32_t zeroPoint, int32_t outputMin, int32_t outputMax) {
  Requantization r;
  r.multipliers = multiplier;
  r.zeroPoint = zeroPoint;
  r.outputMin = outputMin;
  r.outputMax = outputMax;
  return r;
}

TEST(RequantizeToU8, RoundsExactTiesHalfToEven) {
  // acc·0.5 = [0.5, 1.5, 2.5, 3.5, −0.5, −1.5, −2.5] (exact in float) rounds half to even to
  // [0, 2, 2, 4, −0, −2, −2]; + zero point 10 = [10, 12, 12, 14, 10, 8, 8]. Both paths, and 40
  // values so the AVX2 path runs its 32-lane loop and its scalar tail.
  const float half = 0.5f;
  const int32_t ties[] = {1, 3, 5, 7, -1, -3, -5};
  const uint8_t rounded[] = {10, 12, 12, 14, 10, 8, 8};
  std::vector<int32_t> acc(40);
  std::vector<uint8_t> expected(40);
  for (size_t i = 0; i < acc.size(); ++i) {
    acc[i] = ties[i % 7];
    expected[i] = rounded[i % 7];
  }
  for (KernelIsa isa : {KernelIsa::Reference, KernelIsa::Avx2}) {
    const ScopedKernelIsa scoped(isa);
    std::vector<uint8_t> out(acc.size());
    requantizeToU8(acc.data(), 1, static_cast<int64_t>(acc.size()), perTensor(&half, 10, 0, 255), out.data());
    EXPECT_EQ(out, expected) << "isa " << static_cast<int>(isa);
  }
}

TEST(RequantizeToS8, SaturatesAndAppliesAFusedRelu) {
  // Multiplier 1, zero point −3: acc 200 → 197 → 127; −200 → −203 → −128; with ReLU (min = zero
  // point −3) −200 → −3 and 2 → −1. Also INT32_MIN / INT32_MAX clamp instead of overflowing.
  const float one = 1.0f;
  const int32_t acc[] = {200, -200, 2, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  int8_t out[5];
  requantizeToS8Reference(acc, 1, 5, perTensor(&one, -3, -128, 127), out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 5), (std::vector<int8_t>{127, -128, -1, -128, 127}));
  requantizeToS8Reference(acc, 1, 5, perTensor(&one, -3, -3, 127), out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 5), (std::vector<int8_t>{127, -3, -1, -3, 127}));
}

TEST(RequantizeToU8, UsesOneMultiplierPerChannel) {
  // Channel 0 × 0.25: 10 → 2.5 → 2, 14 → 3.5 → 4; channel 1 × 2: 10 → 20, 14 → 28; zero point 100.
  const float multipliers[] = {0.25f, 2.0f};
  Requantization r = perTensor(multipliers, 100, 0, 255);
  r.perChannel = true;
  const int32_t acc[] = {10, 14, 10, 14};
  uint8_t out[4];
  requantizeToU8Reference(acc, 2, 2, r, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 4), (std::vector<uint8_t>{102, 104, 120, 128}));
}

TEST(RequantizationMultiplier, RoundsLikeOnnxFloatScales) {
  // 0.5·0.25 / 0.125 = 1 exactly; 0.1·0.2/0.3 in float32 steps.
  EXPECT_EQ(requantizationMultiplier(0.5f, 0.25f, 0.125f), 1.0f);
  const float product = 0.1f * 0.2f;
  EXPECT_EQ(requantizationMultiplier(0.1f, 0.2f, 0.3f), product / 0.3f);
}

TEST(Requantize, Avx2MatchesTheReferenceBitForBit) {
  uint32_t seed = 1;
  for (int64_t channels : {1, 3})
    for (int64_t plane : {1, 7, 8, 15, 16, 31, 32, 33, 49, 57, 70})
      for (bool perChannel : {false, true})
        for (float scale : {0.0007f, 0.013f, 0.5f, 3.0f}) {
          SCOPED_TRACE("channels=" + std::to_string(channels) + " plane=" + std::to_string(plane) +
                       " perChannel=" + std::to_string(perChannel) + " scale=" + std::to_string(scale));
          const std::vector<int32_t> acc = randomIntegers<int32_t>(channels * plane, seed++, -40000, 40000);
          const std::vector<float> multipliers = {scale, scale * 1.7f, scale * 0.3f};
          for (int32_t zp : {0, 128, 255}) {
            Requantization r = perTensor(multipliers.data(), zp, zp == 255 ? 0 : zp, 255);  // ReLU except zp 255
            r.perChannel = perChannel;
            std::vector<uint8_t> u8(acc.size()), u8Expected(acc.size());
            {
              const ScopedKernelIsa avx2(KernelIsa::Avx2);
              requantizeToU8(acc.data(), channels, plane, r, u8.data());
            }
            requantizeToU8Reference(acc.data(), channels, plane, r, u8Expected.data());
            EXPECT_EQ(u8, u8Expected) << "zeroPoint " << zp;
            r.zeroPoint = zp - 128;
            r.outputMin = -128;
            r.outputMax = 127;
            std::vector<int8_t> s8(acc.size()), s8Expected(acc.size());
            {
              const ScopedKernelIsa avx2(KernelIsa::Avx2);
              requantizeToS8(acc.data(), channels, plane, r, s8.data());
            }
            requantizeToS8Reference(acc.data(), channels, plane, r, s8Expected.data());
            EXPECT_EQ(s8, s8Expected) << "zeroPoint " << zp - 128;
          }
        }
}

TEST(RequantizeRunsToU8Reference, ReadsRunsAndWritesThemBackToBack) {
  // 2 channels of 2 runs of 3 values, runs 4 apart, channels 9 apart (the other cells are junk, −1):
  // multiplier 1 and zero point 10 make each code acc + 10.
  const std::vector<int32_t> acc = {0, 1, 2, -1, 3, 4, 5, -1, -1,  //
                                    6, 7, 8, -1, 9, 10, 11};
  const float multiplier = 1.0f;
  const Requantization r = perTensor(&multiplier, 10, 0, 255);
  std::vector<uint8_t> out(12);
  requantizeRunsToU8Reference(acc.data(), 2, 9, 2, 4, 3, r, out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}));
}

TEST(RequantizeRunsToU8, Avx2MatchesTheReferenceAndWritesNothingPastTheOutput) {
  uint32_t seed = 500;
  for (int64_t channels : {1, 3})
    for (int64_t runs : {1, 2, 7})
      for (int64_t width : {1, 7, 14, 15, 16, 17, 28, 33})
        for (int64_t gap : {0, 1, 2, 5})
          for (bool perChannel : {false, true}) {
            const int64_t runStride = width + gap, channelStride = runs * runStride + (seed % 2) * 3;
            SCOPED_TRACE("channels=" + std::to_string(channels) + " runs=" + std::to_string(runs) +
                         " width=" + std::to_string(width) + " runStride=" + std::to_string(runStride) +
                         " channelStride=" + std::to_string(channelStride) +
                         " perChannel=" + std::to_string(perChannel));
            // Exactly the accumulators the call may read: up to the last run's end.
            const int64_t readable = (channels - 1) * channelStride + (runs - 1) * runStride + width;
            const std::vector<int32_t> acc = randomIntegers<int32_t>(readable, seed++, -40000, 40000);
            const std::vector<float> multipliers = {0.013f, 0.0221f, 0.0039f};
            const int32_t zp = static_cast<int32_t>(seed % 3) * 100;
            Requantization r = perTensor(multipliers.data(), zp, zp, 255);
            r.perChannel = perChannel;
            const auto size = static_cast<size_t>(channels * runs * width);
            std::vector<uint8_t> actual(size + 16, 0xEE), expected(size + 16, 0xEE);  // 16 canary bytes
            {
              const ScopedKernelIsa avx2(KernelIsa::Avx2);
              requantizeRunsToU8(acc.data(), channels, channelStride, runs, runStride, width, r, actual.data());
            }
            requantizeRunsToU8Reference(acc.data(), channels, channelStride, runs, runStride, width, r,
                                        expected.data());
            ASSERT_EQ(actual, expected);
          }
}

}  // namespace
}  // namespace quantlens::kernels
