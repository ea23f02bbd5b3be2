// Quantized add: hand-derived sums of two scales with ties, saturation and ReLU; AVX2 = reference.
#include "kernels/quantized_add.h"

#include <gtest/gtest.h>

#include "kernels/cpu_features.h"
#include "tests/kernels/int8_test_support.h"

namespace quantlens::kernels {
namespace {

using testing::randomIntegers;

TEST(AddU8Reference, DequantizesAddsAndRequantizesWithTiesToEven) {
  // a: scale 0.5, zero point 128; b: scale 0.25, zero point 50; out: scale 1, zero point 0.
  // a = 138, b = 60: 10·0.5 + 10·0.25 = 7.5 → 8 (even); a = 136, b = 58: 4 + 2 = 6 → 6;
  // a = 137, b = 56: 4.5 + 1.5 = 6 → 6; a = 137, b = 52: 4.5 + 0.5 = 5 → 5; a = 129, b = 52:
  // 0.5 + 0.5 = 1; a = 129, b = 50: 0.5 → 0 (even); a = 0, b = 0: −64 − 12.5 → clamped to 0.
  QuantizedAdd q;
  q.aZeroPoint = 128;
  q.aMultiplier = 0.5f;
  q.bZeroPoint = 50;
  q.bMultiplier = 0.25f;
  const uint8_t a[] = {138, 136, 137, 137, 129, 129, 0};
  const uint8_t b[] = {60, 58, 56, 52, 52, 50, 0};
  uint8_t out[7];
  addU8Reference(a, b, 7, q, out);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 7), (std::vector<uint8_t>{8, 6, 6, 5, 1, 0, 0}));
}

TEST(AddS8Reference, AppliesAFusedRelu) {
  // Multipliers 1 and 1, zero points 0, output zero point −10 with ReLU (min −10):
  // 3 + (−20) = −17 → −27 → −10; 5 + 6 = 11 → 1; 100 + 100 = 200 → 190 → 127.
  QuantizedAdd q;
  q.zeroPoint = -10;
  q.outputMin = -10;
  q.outputMax = 127;
  const int8_t a[] = {3, 5, 100};
  const int8_t b[] = {-20, 6, 100};
  int8_t out[3];
  addS8Reference(a, b, 3, q, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{-10, 1, 127}));
}

TEST(AddU8, Avx2MatchesTheReferenceBitForBit) {
  uint32_t seed = 1;
  for (int64_t count : {1, 7, 8, 9, 64, 100})
    for (float aMultiplier : {0.37f, 1.0f, 2.5f})
      for (float bMultiplier : {0.011f, 0.5f, 1.3f}) {
        SCOPED_TRACE("count=" + std::to_string(count) + " aMultiplier=" + std::to_string(aMultiplier) +
                     " bMultiplier=" + std::to_string(bMultiplier));
        QuantizedAdd q;
        q.aZeroPoint = 120;
        q.aMultiplier = aMultiplier;
        q.bZeroPoint = 7;
        q.bMultiplier = bMultiplier;
        q.zeroPoint = 131;
        const std::vector<uint8_t> a = randomIntegers<uint8_t>(count, seed++, 0, 255);
        const std::vector<uint8_t> b = randomIntegers<uint8_t>(count, seed++, 0, 255);
        std::vector<uint8_t> actual(a.size()), expected(a.size());
        {
          const ScopedKernelIsa avx2(KernelIsa::Avx2);
          addU8(a.data(), b.data(), count, q, actual.data());
        }
        addU8Reference(a.data(), b.data(), count, q, expected.data());
        EXPECT_EQ(actual, expected);

        q.aZeroPoint = -8;
        q.bZeroPoint = 100;
        q.zeroPoint = 3;
        q.outputMin = 3;  // ReLU
        q.outputMax = 127;
        const std::vector<int8_t> sa = randomIntegers<int8_t>(count, seed++, -128, 127);
        const std::vector<int8_t> sb = randomIntegers<int8_t>(count, seed++, -128, 127);
        std::vector<int8_t> sActual(sa.size()), sExpected(sa.size());
        {
          const ScopedKernelIsa avx2(KernelIsa::Avx2);
          addS8(sa.data(), sb.data(), count, q, sActual.data());
        }
        addS8Reference(sa.data(), sb.data(), count, q, sExpected.data());
        EXPECT_EQ(sActual, sExpected);
      }
}

}  // namespace
}  // namespace quantlens::kernels
