// Int8 GEMM: the reference by hand, the packed safe pairs, and the dispatched kernels against the reference.
#include "kernels/gemm_s8.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "kernels/cpu_features.h"
#include "kernels/gemm_s8_tiles.h"
#include "tests/kernels/int8_test_support.h"

namespace quantlens::kernels {
namespace {

using testing::firstDifference;
using testing::randomIntegers;
using testing::randomS8;
using testing::randomU8;

template <class T>
Int8Matrix<T> matrix(const std::vector<T>& data, int64_t depth, int64_t columns, int32_t zeroPoint,
                     bool depthContiguous = false) {
  // Depth-major [depth][columns] (an im2col matrix), or column-major [columns][depth] (a MatMul input).
  return {data.data(), depth, columns, depthContiguous ? 1 : columns, depthContiguous ? depth : 1, zeroPoint};
}

TEST(GemmS8Reference, SubtractsBothZeroPointsAndAddsTheBias) {
  // W − 1 = [[0, −3, 2], [−5, 4, −7]], X − 10 = [[0, −10], [10, 245], [20, −3]], bias [100, −100]:
  // Y[0][0] = 100 + 0·0 − 3·10 + 2·20 = 110        Y[0][1] = 100 + 0 − 3·245 + 2·(−3) = −641
  // Y[1][0] = −100 − 5·0 + 4·10 − 7·20 = −200       Y[1][1] = −100 + 50 + 4·245 + 21 = 951
  const std::vector<int8_t> w = {1, -2, 3, -4, 5, -6};
  const std::vector<uint8_t> x = {10, 0, 20, 255, 30, 7};
  const int32_t bias[] = {100, -100};
  int32_t y[4];
  gemmU8S8Reference(2, w.data(), 3, 1, matrix(x, 3, 2, 10), bias, y, 2);
  EXPECT_EQ(std::vector<int32_t>(y, y + 4), (std::vector<int32_t>{110, -641, -200, 951}));
}

TEST(GemmS8Reference, MultipliesSignedActivations) {
  // (−128 − (−1))·127 + (127 − (−1))·(−128) = −16129 − 16384 = −32513.
  const std::vector<int8_t> w = {127, -128};
  const std::vector<int8_t> x = {-128, 127};
  int32_t y = 0;
  gemmS8S8Reference(1, w.data(), 2, 0, matrix(x, 2, 1, -1), nullptr, &y, 1);
  EXPECT_EQ(y, -32513);
}

TEST(PackedWeightsS8, SplitsPairsThatWouldSaturateVpmaddubsw) {
  // In natural depth order. Row [127, 100, −128, −128, 64, 64, −64, −65]: 255·(127 + 100) > 32767, so the pair becomes
  // (127, 1) with residual 99 at depth 1; (−128, −128) becomes (−128, 0) with residual −128 at depth
  // 3; (64, 64) sums to 128, safe; (−64, −65) sums to −129: (−63, −65) with residual −1 at depth 6.
  const std::vector<int8_t> row = {127, 100, -128, -128, 64, 64, -64, -65};
  const PackedWeightsS8 packed(row.data(), 1, 8, 0, 1, DepthPairing::Natural);
  const int8_t* panel = packed.panel(0, 0);
  // Quad q holds kRowTile dwords (row 0 first): depths 0–3 at panel[0..3], 4–7 at panel[16..19].
  EXPECT_EQ(std::vector<int8_t>(panel, panel + 4), (std::vector<int8_t>{127, 1, -128, 0}));
  EXPECT_EQ(std::vector<int8_t>(panel + 16, panel + 20), (std::vector<int8_t>{64, 64, -63, -65}));
  const auto splits = packed.splits(0, 0, 0);
  ASSERT_EQ(splits.size(), 3u);
  EXPECT_EQ(splits[0].quad, 0);
  EXPECT_EQ(splits[0].lane, 1);
  EXPECT_EQ(splits[0].residual, 99);
  EXPECT_EQ(splits[1].quad, 0);
  EXPECT_EQ(splits[1].lane, 3);
  EXPECT_EQ(splits[1].residual, -128);
  EXPECT_EQ(splits[2].quad, 1);
  EXPECT_EQ(splits[2].lane, 2);
  EXPECT_EQ(splits[2].residual, -1);
  EXPECT_DOUBLE_EQ(packed.splitPairFraction(), 3.0 / 4.0);
  EXPECT_EQ(packed.rowSum(0), 127 + 100 - 128 - 128 + 64 + 64 - 64 - 65);
}

TEST(PackedWeightsS8, ReordersDepthsSoThatNoPairNeedsASplit) {
  // The row above. Excess over ±64 per depth: 63, 36, 64, 64, 0, 0, 0, 1, so the hardest first:
  // depths 2, 3, 0, 1, 7, then 4, 5, 6. Each takes the first safe partner from the easy end:
  // 2 (−128) + 6 (−64) would pass −128, 5 (64) is safe → (2, 5); 3 (−128): 6 unsafe, 4 (64) safe
  // → (3, 4); 0 (127) + 6 (−64) safe → (0, 6); 1 (100) + 7 (−65) safe → (1, 7). No split is left.
  const std::vector<int8_t> row = {127, 100, -128, -128, 64, 64, -64, -65};
  const PackedWeightsS8 packed(row.data(), 1, 8, 0);
  std::vector<int64_t> order;
  for (int64_t k = 0; k < 8; ++k) order.push_back(packed.depthAt(k));
  EXPECT_EQ(order, (std::vector<int64_t>{2, 5, 3, 4, 0, 6, 1, 7}));
  EXPECT_EQ(packed.splitPairFraction(), 0.0);
  const int8_t* panel = packed.panel(0, 0);
  EXPECT_EQ(std::vector<int8_t>(panel, panel + 4), (std::vector<int8_t>{-128, 64, -128, 64}));
  EXPECT_EQ(std::vector<int8_t>(panel + 16, panel + 20), (std::vector<int8_t>{127, -64, 100, -65}));
  EXPECT_EQ(packed.row(0)[1], 100);  // the plain copy keeps the given order
}

TEST(PackedWeightsS8, KeepsTheNaturalOrderOfSevenBitWeights) {
  // No pair of weights within ±64 can saturate, so there is nothing to reorder.
  const std::vector<int8_t> w = randomIntegers<int8_t>(5 * 9, 3, -64, 64);
  const PackedWeightsS8 packed(w.data(), 5, 9, 0);
  for (int64_t k = 0; k < 9; ++k) EXPECT_EQ(packed.depthAt(k), k);
}

TEST(PackedWeightsS8, NeverSplitsSevenBitWeights) {
  const std::vector<int8_t> w = randomIntegers<int8_t>(37 * 51, 7, -64, 64);
  EXPECT_EQ(PackedWeightsS8(w.data(), 37, 51, 0).splitPairFraction(), 0.0);
}

TEST(PackedWeightsS8, TransposesADepthMajorMatrix) {
  // B [depth 2][rows 3] = [[1, 2, 3], [4, 5, 6]] → W rows [1, 4], [2, 5], [3, 6].
  const std::vector<int8_t> b = {1, 2, 3, 4, 5, 6};
  const PackedWeightsS8 packed = PackedWeightsS8::fromDepthMajor(b.data(), 2, 3, 0);
  EXPECT_EQ(packed.rows(), 3);
  EXPECT_EQ(packed.depth(), 2);
  EXPECT_EQ(packed.row(1)[0], 2);
  EXPECT_EQ(packed.row(1)[1], 5);
}

struct GemmCase {
  int64_t rows, columns, depth;
  int32_t xZeroPoint, wZeroPoint;
  int64_t groups = 1;
  bool depthContiguous = false;
  bool bias = true;
  DepthPairing pairing = DepthPairing::Reordered;
  std::string describe() const {
    return "rows(M)=" + std::to_string(rows) + " columns(N)=" + std::to_string(columns) +
           " depth(K)=" + std::to_string(depth) + " xZeroPoint=" + std::to_string(xZeroPoint) +
           " wZeroPoint=" + std::to_string(wZeroPoint) + " groups=" + std::to_string(groups) +
           " depthContiguous=" + std::to_string(depthContiguous) + " bias=" + std::to_string(bias) +
           " pairing=" + (pairing == DepthPairing::Natural ? "natural" : "reordered");
  }
};

// Runs the dispatched GEMM of every group and the reference on the same data; expects equal bits.
template <class T>
void checkGemm(const GemmCase& c, const std::vector<int8_t>& w, const std::vector<T>& x, uint32_t seed) {
  SCOPED_TRACE(c.describe() + " isa=" + (activeKernelIsa() == KernelIsa::Avx2 ? "avx2" : "reference") +
               " seed=" + std::to_string(seed));
  const int64_t allRows = c.rows * c.groups;
  const PackedWeightsS8 packed(w.data(), allRows, c.depth, c.wZeroPoint, c.groups, c.pairing);
  const std::vector<int32_t> bias = randomIntegers<int32_t>(allRows, seed + 3, -100000, 100000);
  for (int64_t g = 0; g < c.groups; ++g) {
    // Group g multiplies its own activations: the next depth × columns block of x.
    const std::vector<T> xg(x.begin() + g * c.depth * c.columns, x.begin() + (g + 1) * c.depth * c.columns);
    const Int8Matrix<T> xm = matrix(xg, c.depth, c.columns, c.xZeroPoint, c.depthContiguous);
    const int32_t* b = c.bias ? bias.data() + g * c.rows : nullptr;
    const auto count = static_cast<size_t>(c.rows * c.columns);
    std::vector<int32_t> actual(count, 0x5A5A5A5A), expected(count, 0x0F0F0F0F);
    if constexpr (std::is_same_v<T, uint8_t>) {
      gemmU8S8(packed, g, xm, b, actual.data(), c.columns);
      gemmU8S8Reference(c.rows, w.data() + g * c.rows * c.depth, c.depth, c.wZeroPoint, xm, b, expected.data(),
                        c.columns);
    } else {
      gemmS8S8(packed, g, xm, b, actual.data(), c.columns);
      gemmS8S8Reference(c.rows, w.data() + g * c.rows * c.depth, c.depth, c.wZeroPoint, xm, b, expected.data(),
                        c.columns);
    }
    const int64_t at = firstDifference(actual, expected);
    ASSERT_EQ(at, -1) << "group " << g << ": first difference at row " << at / c.columns << " column "
                      << at % c.columns << ": " << actual[static_cast<size_t>(at)] << " vs "
                      << expected[static_cast<size_t>(at)];
  }
}

template <class T>
void checkRandomGemm(const GemmCase& c, uint32_t seed) {
  const std::vector<int8_t> w = randomS8(c.rows * c.groups * c.depth, seed);
  const std::vector<T> x = std::is_same_v<T, uint8_t>
                               ? randomIntegers<T>(c.groups * c.depth * c.columns, seed + 1, 0, 255)
                               : randomIntegers<T>(c.groups * c.depth * c.columns, seed + 1, -128, 127);
  checkGemm(c, w, x, seed);
}

const int64_t kSizes[] = {1, 2, 3, 7, 16, 17, 33, 64, 100};

TEST(GemmU8S8, MatchesTheReferenceOverSweptShapesAndZeroPoints) {
  uint32_t seed = 1;
  for (int64_t m : kSizes)
    for (int64_t n : kSizes)
      for (int64_t k : kSizes)
        for (int32_t xZp : {0, 128, 77})
          for (int32_t wZp : {0, -3}) {
            checkRandomGemm<uint8_t>({m, n, k, xZp, wZp}, seed++);
            if (::testing::Test::HasFatalFailure()) return;
          }
}

TEST(GemmS8S8, MatchesTheReferenceOverSweptShapesAndZeroPoints) {
  uint32_t seed = 50000;
  for (int64_t m : kSizes)
    for (int64_t n : kSizes)
      for (int64_t k : kSizes)
        for (int32_t xZp : {0, -128, 45})
          for (int32_t wZp : {0, 5}) {
            checkRandomGemm<int8_t>({m, n, k, xZp, wZp}, seed++);
            if (::testing::Test::HasFatalFailure()) return;
          }
}

TEST(GemmU8S8, HandlesGroupsStridedActivationsAndMissingBias) {
  uint32_t seed = 90000;
  for (int64_t groups : {2, 3})
    for (int64_t m : {1, 5, 16})
      for (int64_t n : {1, 17, 40})
        for (int64_t k : {3, 9, 36})
          for (bool depthContiguous : {false, true})
            for (bool bias : {false, true}) {
              checkRandomGemm<uint8_t>({m, n, k, 128, 2, groups, depthContiguous, bias}, seed++);
              if (::testing::Test::HasFatalFailure()) return;
            }
}

TEST(GemmU8S8, SpansSeveralColumnTiles) {
  // A deep matrix makes tiles narrow (about 320 KB of packed activations each): 2500 deep, 300
  // columns run in 3 tiles, each with its own column sums for the weight zero point.
  ASSERT_LT(gemmS8TileColumns((2500 + 3) / 4, 300), 300);
  checkRandomGemm<uint8_t>({5, 300, 2500, 17, -4}, 31);
  checkRandomGemm<int8_t>({6, 301, 2501, -9, 2}, 32);
}

TEST(GemmU8S8, StaysExactWhenEveryPairWouldSaturate) {
  // Activations 255 against weights ±128/127: every vpmaddubsw pair sum (255·254, 255·(−256)) is far
  // outside int16; the split pairs must make it exact. Also a long depth with mixed extreme signs.
  for (int8_t value : {int8_t{127}, int8_t{-128}})
    for (int64_t depth : {2, 64, 1001}) {
      const GemmCase c{9, 19, depth, 0, 0};
      const std::vector<int8_t> w(static_cast<size_t>(c.rows * depth), value);
      const std::vector<uint8_t> x(static_cast<size_t>(depth * c.columns), 255);
      checkGemm(c, w, x, static_cast<uint32_t>(depth));
      checkGemm(GemmCase{9, 19, depth, 255, 0}, w, x, static_cast<uint32_t>(depth));
    }
  const GemmCase c{13, 33, 577, 3, 0};
  const std::vector<int8_t> w = randomIntegers<int8_t>(13 * 577, 11, -1, 0);
  std::vector<int8_t> extremes(w.size());
  for (size_t i = 0; i < w.size(); ++i) extremes[i] = w[i] ? int8_t{-128} : int8_t{127};
  checkGemm(c, extremes, std::vector<uint8_t>(577 * 33, 255), 12);
  checkGemm(c, extremes, randomIntegers<uint8_t>(577 * 33, 13, 250, 255), 14);
}

TEST(GemmU8S8, MatchesTheReferenceWithBothDepthPairings) {
  // Weights of a quantized layer (Gaussian, largest magnitude 127 per row: a few percent of natural
  // pairs split) and full-range random ones; odd depths leave a depth paired with the padding.
  uint32_t seed = 70000;
  for (DepthPairing pairing : {DepthPairing::Natural, DepthPairing::Reordered})
    for (int64_t m : {1, 4, 7, 33})
      for (int64_t n : {1, 17, 40})
        for (int64_t k : {2, 3, 9, 64, 289})
          for (int32_t xZp : {0, 128, 77})
            for (bool gaussian : {false, true}) {
              const GemmCase c{m, n, k, xZp, gaussian ? 0 : -3, 1, false, true, pairing};
              std::vector<int8_t> w = randomS8(m * k, seed);
              if (gaussian) {
                std::mt19937 rng(seed);
                std::normal_distribution<float> normal(0.0f, 40.0f);
                for (int8_t& v : w) v = static_cast<int8_t>(std::clamp(std::nearbyint(normal(rng)), -127.0f, 127.0f));
              }
              checkGemm(c, w, randomU8(k * n, seed + 1), seed);
              ++seed;
              if (::testing::Test::HasFatalFailure()) return;
            }
}

TEST(GemmU8S8, ReferenceFallbackGivesTheSameResults) {
  const ScopedKernelIsa reference(KernelIsa::Reference);
  ASSERT_EQ(activeKernelIsa(), KernelIsa::Reference);
  uint32_t seed = 123456;
  for (int64_t m : {1, 7, 33})
    for (int64_t n : {3, 64})
      for (int64_t k : {1, 17}) {
        checkRandomGemm<uint8_t>({m, n, k, 128, -1}, seed++);
        checkRandomGemm<int8_t>({m, n, k, -5, 0, 2, true}, seed++);
      }
}

}  // namespace
}  // namespace quantlens::kernels
