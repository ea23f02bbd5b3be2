// HistogramMoments: the MSE search's O(cells) error model against the direct bin-by-bin integration.
#include "core/quant/histogram_moments.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/quant/torch_histogram.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::SplitMix64;

TorchHistogram histogramOf(const std::vector<float>& values) {
  TorchHistogram histogram;
  histogram.addValues(values);
  return histogram;
}

// A bell around `center` with a sparse tail out to center + reach.
std::vector<float> bellWithTail(uint64_t seed, double center, double scale, double reach) {
  SplitMix64 rng(seed);
  std::vector<float> values(30000);
  for (float& v : values)
    v = static_cast<float>(center + scale * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5));
  for (int i = 1; i <= 20; ++i) values.push_back(static_cast<float>(center + reach * i / 20.0));
  return values;
}

TEST(HistogramMoments, GivesTheHandDerivedErrorOfTwoEndBins) {
  // addValues({0, 4}): one value in bin 0 and one in bin 2047, width w = 4 / 2048, each spread
  // uniformly over its bin. Points 0 and 4: each bin's error is ∫_0^w t² / w dt = w² / 3.
  const TorchHistogram histogram = histogramOf({0.0f, 4.0f});
  const double w = 4.0 / 2048;
  const double expected = 2 * w * w / 3;
  EXPECT_NEAR(HistogramMoments(histogram).squaredError(QuantGrid::affine(0.0, 4.0, 2)), expected, 1e-8 * expected);
  // Points 0, 2, 4: the same cells' points, the same error.
  EXPECT_NEAR(HistogramMoments(histogram).squaredError(QuantGrid::affine(0.0, 4.0, 3)), expected, 1e-8 * expected);
  // A single point at 0 (zero step): ∫_0^w t²/w + ∫_{4-w}^4 t²/w = w²/3 + (64 - (4-w)³) / (3w).
  const double far = (64.0 - std::pow(4.0 - w, 3)) / (3 * w);
  EXPECT_NEAR(HistogramMoments(histogram).squaredError(QuantGrid::affine(0.0, 0.0, 256)), w * w / 3 + far,
              1e-12 * far);
}

TEST(HistogramMoments, AgreesWithTheBinByBinIntegral) {
  struct Case {
    const char* name;
    std::vector<float> values;
  };
  const std::vector<Case> cases = {
      {"bell with a tail", bellWithTail(1, 0.0, 1.0, 40.0)},
      {"positive, away from 0", bellWithTail(2, 30.0, 0.5, 3.0)},
      {"negative", bellWithTail(3, -2.0, 1.0, -20.0)},
      {"narrow", bellWithTail(4, 1.0, 1e-4, 1e-3)},
  };
  for (const Case& c : cases) {
    const TorchHistogram histogram = histogramOf(c.values);
    const HistogramMoments moments(histogram);
    const double lo = histogram.min(), hi = histogram.max();
    const double amax = std::max(-lo, hi);
    std::vector<QuantGrid> grids;
    for (int64_t levels : {int64_t{2}, int64_t{16}, int64_t{256}, int64_t{65536}}) {
      for (double f : {1.0, 0.5, 0.05, 1e-4, 3.0}) {
        grids.push_back(QuantGrid::symmetric(f * amax, levels));    // clipping both ends, or none
        grids.push_back(QuantGrid::affine(f * lo, f * hi, levels));  // widened to contain 0
        grids.push_back(QuantGrid::affine(lo, f * hi, levels));
      }
    }
    for (const QuantGrid& grid : grids) {
      const double direct = squaredError(histogram, grid);
      EXPECT_NEAR(moments.squaredError(grid), direct, 1e-8 * direct)
          << c.name << ": grid base " << grid.base << " step " << grid.step << " k in [" << grid.first << ", "
          << grid.last << "]";
    }
  }
}

TEST(HistogramMoments, TreatsAOneValueHistogramAsAPointMass) {
  const TorchHistogram histogram = histogramOf(std::vector<float>(10, 0.3f));
  // Points 0, 0.2, 0.4, ... (step 0.2): 0.3 is 0.1 from its nearest point.
  const double error = HistogramMoments(histogram).squaredError(QuantGrid::affine(0.0, 0.6, 4));
  EXPECT_NEAR(error, 10 * 0.01, 1e-6);  // 0.3f is 0.3 + 1.2e-8
  EXPECT_DOUBLE_EQ(error, squaredError(histogram, QuantGrid::affine(0.0, 0.6, 4)));
}

TEST(HistogramMoments, OfAnEmptyHistogramIsZero) {
  EXPECT_EQ(HistogramMoments(TorchHistogram()).squaredError(QuantGrid::affine(-1.0, 1.0, 256)), 0.0);
}

}  // namespace
}  // namespace quantlens
