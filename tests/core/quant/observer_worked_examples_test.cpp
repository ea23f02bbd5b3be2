// The worked examples of REFERENCE-SEMANTICS.md (§1.3, §1.4, §2.5, §2.6), recomputed from statistics.
#include <gtest/gtest.h>

#include <cmath>

#include "core/quant/entropy_observer.h"
#include "core/quant/histogram_observer.h"
#include "core/quant/min_max_observer.h"
#include "core/quant/moving_average_observer.h"
#include "core/quant/percentile_observer.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::nearlyEqual;

TensorStatistics statisticsOf(const std::vector<std::vector<float>>& batches, TensorStatisticsOptions options = {}) {
  TensorStatistics statistics(options);
  for (const std::vector<float>& b : batches) statistics.update(b, std::vector<int64_t>{static_cast<int64_t>(b.size())});
  return statistics;
}

// numpy.linspace in double, then float32 (torch.linspace differs by an ulp here and there).
std::vector<float> linspace(double start, double stop, int count) {
  std::vector<float> values;
  const double step = (stop - start) / (count - 1);
  for (int i = 0; i + 1 < count; ++i) values.push_back(static_cast<float>(i * step + start));
  values.push_back(static_cast<float>(stop));
  return values;
}

// PyTorch's affine quint8 scale of a range, f32((max_pos - min_neg) / 255), to compare with the
// spec's numbers (the qparams code owns this arithmetic; here it only reads the spec's example).
float affineScale(ClipRange r) { return (std::max(r.max, 0.0f) - std::min(r.min, 0.0f)) / 255.0f; }

const std::vector<float> kSection13 = {-1, -0.5f, 0, 0.5f, 1, 2};

TEST(MinMaxObserver, GivesMinusOneToTwoOnTheSection13Example) {
  // §1.3 [torch 1.13]: MinMax quint8 affine scale 3/255, zp 85, from the range (-1, 2).
  EXPECT_EQ(MinMaxObserver().ranges(statisticsOf({kSection13}))[0], (ClipRange{-1.0f, 2.0f}));
}

TEST(MovingAverageObserver, MovesOnePercentTowardTheSecondBatch) {
  // §1.3 [torch 1.13]: after X the range is (-1, 2); after [-3, 4] it is (-1.02, 2.02).
  const TensorStatistics statistics = statisticsOf({kSection13, {-3.0f, 4.0f}});
  const ClipRange r = MovingAverageObserver(0.01).ranges(statistics)[0];
  EXPECT_FLOAT_EQ(r.min, -1.02f);
  EXPECT_FLOAT_EQ(r.max, 2.02f);
  // scale 0.0119215688 and zp 86 [torch 1.13] follow from it.
  EXPECT_TRUE(nearlyEqual(affineScale(r), 0.0119215688));
}

TEST(MinMaxObserver, PerChannelGivesEachRowItsRangeOnTheSection13Weights) {
  // §1.3: W rows [-1,0,2] / [.1,.2,.4] / [-.3,-.2,-.1] with ch_axis 0.
  TensorStatisticsOptions options;
  options.channelAxis = 0;
  TensorStatistics statistics(options);
  const std::vector<float> w = {-1, 0, 2, .1f, .2f, .4f, -.3f, -.2f, -.1f};
  statistics.update(w, std::vector<int64_t>{3, 3});
  EXPECT_EQ(MinMaxObserver(true).ranges(statistics),
            (std::vector<ClipRange>{{-1.0f, 2.0f}, {.1f, .4f}, {-.3f, -.1f}}));
}

TEST(MovingAverageObserver, PerChannelWithOneHalfOverWThenTwiceW) {
  // §1.3 [torch 1.13]: min [-1.5, 0.15, -0.45], max [3, 0.6, -0.15].
  TensorStatisticsOptions options;
  options.channelAxis = 0;
  TensorStatistics statistics(options);
  const std::vector<float> w = {-1, 0, 2, .1f, .2f, .4f, -.3f, -.2f, -.1f};
  std::vector<float> w2 = w;
  for (float& v : w2) v *= 2;
  statistics.update(w, std::vector<int64_t>{3, 3});
  statistics.update(w2, std::vector<int64_t>{3, 3});
  const std::vector<ClipRange> r = MovingAverageObserver(0.5, true).ranges(statistics);
  ASSERT_EQ(r.size(), 3u);
  const float mins[] = {-1.5f, 0.15f, -0.45f}, maxs[] = {3.0f, 0.6f, -0.15f};
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_FLOAT_EQ(r[c].min, mins[c]);
    EXPECT_FLOAT_EQ(r[c].max, maxs[c]);
  }
}

TEST(HistogramObserver, ClipsTheOutlierOfLinspaceWithTenToTheSpecsRange) {
  // §1.4 [torch 1.13]: x = linspace(0, 1, 1000) ++ [10] searches (0, 9.9951171875); quint8 affine
  // scale 0.0391965397, zp 0.
  std::vector<float> x = linspace(0, 1, 1000);
  x.push_back(10.0f);
  const ClipRange r = HistogramObserver(8).ranges(statisticsOf({x}))[0];
  EXPECT_EQ(r.min, 0.0f);
  EXPECT_EQ(r.max, 9.9951171875f);
  EXPECT_TRUE(nearlyEqual(affineScale(r), 0.0391965397));
}

TEST(HistogramObserver, MergesTwoLinspaceBatchesToTheSpecsScaleAndZeroPoint) {
  // §1.4 [replica of the >= 2.5 merge]: linspace(-1, 1, 4001) then linspace(-2, 3, 4001) give
  // quint8 affine scale 0.0195982698, zp 102; the search range from the fixture script (1.13
  // search on the 2.5 merge) is (-2, 2.99755859375).
  const ClipRange r = HistogramObserver(8).ranges(statisticsOf({linspace(-1, 1, 4001), linspace(-2, 3, 4001)}))[0];
  EXPECT_EQ(r.min, -2.0f);
  EXPECT_EQ(r.max, 2.99755859375f);
  const float scale = affineScale(r);
  EXPECT_TRUE(nearlyEqual(scale, 0.0195982698));
  EXPECT_EQ(0 - std::nearbyint(r.min / scale), 102.0f);
}

const std::vector<float> kSection25 = {-3.9f, -.6f, -.4f, -.3f, -.2f, -.1f, 0, .05f, .1f, .2f, .25f, .3f, .5f, .7f, 1.1f, 1.3f};

TEST(EntropyObserver, PicksTheFourthCandidateOfTheSection25Example) {
  // §2.5 [replica]: num_bins 16, 4 levels; hist [1,0,0,0,0,0,1,4,6,2,2,0,0,0,0,0]; the KL of
  // i = 2..8 is [1.173, 2.795, 0.771, 0.588, 0.800, 0.913, 0.694]; (-2.4375, 2.925) clamped to
  // (-2.4375, 1.3).
  TensorStatisticsOptions options;
  options.ortEntropyBins = 16;
  const TensorStatistics statistics = statisticsOf({kSection25}, options);
  const OrtValueHistogram& h = statistics.ortEntropyHistogram();
  EXPECT_EQ(std::vector<int64_t>(h.counts().begin(), h.counts().end()),
            (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1, 4, 6, 2, 2, 0, 0, 0, 0, 0}));
  double divergence = 0.0;
  const ClipRange r = EntropyObserver::onnxRuntimeThreshold(h.counts(), h.edges(), statistics.range(), 4, &divergence);
  EXPECT_NEAR(divergence, 0.588, 5e-4);
  EXPECT_FLOAT_EQ(r.min, -2.4375f);
  EXPECT_FLOAT_EQ(r.max, 1.3f);
}

TEST(PercentileObserver, CutsAtTheThirdEdgeOfTheSection26Example) {
  // §2.6 [replica]: |x| of the §2.5 values in 8 bins, p = 90: cdf [.625, .8125, .9375, ...] so
  // idx = 2 and the range is (-0.975, 0.975).
  TensorStatisticsOptions options;
  options.ortPercentileBins = 8;
  const TensorStatistics statistics = statisticsOf({kSection25}, options);
  const ClipRange r = PercentileObserver(90.0, true).ranges(statistics)[0];
  EXPECT_FLOAT_EQ(r.min, -0.975f);
  EXPECT_FLOAT_EQ(r.max, 0.975f);
}

}  // namespace
}  // namespace quantlens
