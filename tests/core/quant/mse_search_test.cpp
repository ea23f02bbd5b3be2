// The MSE observer's error model and search, checked against brute force on the raw values.
#include "core/quant/mse_search.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/quant/mse_observer.h"
#include "core/quant/torch_histogram.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::SplitMix64;

std::vector<float> heavyTail(uint64_t seed, size_t count, double scale) {
  SplitMix64 rng(seed);
  std::vector<float> values(count);
  for (float& v : values) {
    const double t = 2.0 * rng.uniform() - 1.0;
    v = static_cast<float>(scale * t * t * t);
  }
  return values;
}

std::vector<float> bell(uint64_t seed, size_t count, double center, double scale) {
  SplitMix64 rng(seed);
  std::vector<float> values(count);
  for (float& v : values)
    v = static_cast<float>(center + scale * (rng.uniform() + rng.uniform() + rng.uniform() + rng.uniform() - 2.0));
  return values;
}

TEST(QuantGrid, RoundsToTheNearestPointAndClipsAtTheEnds) {
  const QuantGrid affine = QuantGrid::affine(-1.0, 2.0, 4);  // points -1, 0, 1, 2
  EXPECT_EQ(affine.quantize(0.4), 0.0);
  EXPECT_EQ(affine.quantize(0.6), 1.0);
  EXPECT_EQ(affine.quantize(5.0), 2.0);
  EXPECT_EQ(affine.quantize(-7.0), -1.0);
  const QuantGrid positive = QuantGrid::affine(0.5, 3.0, 4);  // widened to contain 0: 0, 1, 2, 3
  EXPECT_EQ(positive.quantize(0.3), 0.0);
  const QuantGrid symmetric = QuantGrid::symmetric(1.5, 4);  // step 1: -2, -1, 0, 1 (PyTorch's grid)
  EXPECT_EQ(symmetric.quantize(1.4), 1.0);
  EXPECT_EQ(symmetric.quantize(-1.9), -2.0);
}

TEST(MseSearch, HistogramErrorApproximatesTheErrorOfTheValues) {
  // Many values, uniform density within each bin: the histogram's integral is within 1 % of the
  // exact sum of squared errors, for grids finer and coarser than the bins.
  const std::vector<float> values = bell(1, 200000, 0.2, 1.0);
  TorchHistogram histogram;
  histogram.addValues(values);
  for (const QuantGrid& grid : {QuantGrid::affine(-1.5, 2.0, 256), QuantGrid::affine(-0.5, 0.7, 16),
                                QuantGrid::symmetric(1.0, 256), QuantGrid::symmetric(2.2, 4096)}) {
    const double exact = squaredError(values, grid);
    EXPECT_NEAR(squaredError(histogram, grid), exact, 0.01 * exact);
  }
}

// Brute force: the least exact error over a dense scan of symmetric thresholds.
double bestSymmetricError(const std::vector<float>& values, double amax, int bits) {
  double best = INFINITY;
  for (int k = 1; k <= 4000; ++k)
    best = std::min(best, squaredError(values, QuantGrid::symmetric(amax * k / 4000.0, int64_t{1} << bits)));
  return best;
}

// A bell in about [-1, 1] with a sparse tail out to `reach`.
std::vector<float> bellWithTail(uint64_t seed, double reach) {
  std::vector<float> values = bell(seed, 20000, 0.0, 0.5);
  for (int i = 1; i <= 40; ++i) values.push_back(static_cast<float>((i % 2 ? 1 : -0.5) * reach * i / 40.0));
  return values;
}

TEST(MseSearch, FindsASymmetricThresholdAsGoodAsADenseScan) {
  for (int bits : {4, 8}) {
    const std::vector<float> values = bellWithTail(2 + static_cast<uint64_t>(bits), 30.0);
    float amax = 0;
    for (float v : values) amax = std::max(amax, std::fabs(v));
    ClipRange observed{*std::min_element(values.begin(), values.end()), *std::max_element(values.begin(), values.end())};
    const ClipRange r = searchMseRange(observed, bits, true,
                                       [&](const QuantGrid& g) { return squaredError(values, g); });
    const double t = std::max(-r.min, r.max);
    const double found = squaredError(values, QuantGrid::symmetric(t, int64_t{1} << bits));
    EXPECT_LE(found, 1.005 * bestSymmetricError(values, amax, bits)) << bits << " bits";
    EXPECT_LT(found, squaredError(values, QuantGrid::symmetric(amax, int64_t{1} << bits))) << bits << " bits";
    EXPECT_LT(t, amax) << "the sparse tail is clipped at " << bits << " bits";
  }
}

TEST(MseSearch, ClipsBothEndsOfAnAffineRangeNoWorseThanMinMax) {
  std::vector<float> values = bellWithTail(9, 12.0);  // tails out to -6 and 12
  const ClipRange observed{*std::min_element(values.begin(), values.end()), *std::max_element(values.begin(), values.end())};
  const auto error = [&](const QuantGrid& g) { return squaredError(values, g); };
  const ClipRange r = searchMseRange(observed, 4, false, error);
  EXPECT_GT(r.min, observed.min);
  EXPECT_LT(r.max, observed.max);
  const double found = error(QuantGrid::affine(r.min, r.max, 16));
  EXPECT_LT(found, error(QuantGrid::affine(observed.min, observed.max, 16)));
  // No pair on a 60 x 60 grid of bounds does better by more than half a percent.
  double best = INFINITY;
  for (int i = 1; i <= 60; ++i)
    for (int j = 1; j <= 60; ++j) best = std::min(best, error(QuantGrid::affine(observed.min * i / 60.0, observed.max * j / 60.0, 16)));
  EXPECT_LE(found, 1.005 * best);
}

TEST(MseObserver, SearchesTheCachedHistogram) {
  const std::vector<float> values = heavyTail(4, 50000, 4.0);
  TensorStatistics statistics;
  statistics.update(values, std::vector<int64_t>{static_cast<int64_t>(values.size())});
  const ClipRange r = MseObserver(8, true).ranges(statistics)[0];
  const ClipRange direct = searchMseRange(statistics.range(), 8, true, [&](const QuantGrid& g) {
    return squaredError(values, g);
  });
  // The histogram's answer costs at most 1 % more real error than the one found on the values.
  const auto realError = [&](ClipRange c) {
    return squaredError(values, QuantGrid::symmetric(std::max(-c.min, c.max), 256));
  };
  EXPECT_LE(realError(r), 1.01 * realError(direct));
}

}  // namespace
}  // namespace quantlens
