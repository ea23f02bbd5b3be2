// TensorStatistics: what one pass keeps, per channel and per batch, and how it treats NaN and ±inf.
#include "core/quant/tensor_statistics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/tensor/tensor.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using ::testing::HasSubstr;
using testing::SplitMix64;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::vector<float> randomValues(uint64_t seed, size_t count, double lo, double hi) {
  SplitMix64 rng(seed);
  std::vector<float> values(count);
  for (float& v : values) v = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return values;
}

// Per-channel min/max along axis 1 of [N, C, inner], the slow way.
std::vector<ClipRange> channelRangesOf(const std::vector<float>& v, int64_t n, int64_t c, int64_t inner) {
  std::vector<ClipRange> ranges(static_cast<size_t>(c));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = 0; k < c; ++k)
      for (int64_t j = 0; j < inner; ++j) {
        const float x = v[static_cast<size_t>((i * c + k) * inner + j)];
        if (!std::isfinite(x)) continue;
        ClipRange& r = ranges[static_cast<size_t>(k)];
        r = {std::min(r.min, x), std::max(r.max, x)};
      }
  return ranges;
}

TEST(TensorStatistics, KeepsRunningBatchAndChannelRangesOfNchwBatches) {
  TensorStatistics statistics;
  // Wide channels take the vectorized block scan, narrow ones (inner < 8) the per-value path.
  for (const auto& [inner, seed] : {std::pair<int64_t, uint64_t>{61, 1}, {8, 2}, {9, 3}}) {
    const std::vector<float> v = randomValues(seed, 2 * 5 * static_cast<size_t>(inner), -1.0 - seed, 1.0 + 2 * seed);
    statistics.update(v, std::vector<int64_t>{2, 5, inner, 1});
    EXPECT_EQ(statistics.channelBatchRanges(statistics.batchCount() - 1).size(), 5u);
    const std::vector<ClipRange> expected = channelRangesOf(v, 2, 5, inner);
    const auto batch = statistics.channelBatchRanges(statistics.batchCount() - 1);
    EXPECT_EQ(std::vector<ClipRange>(batch.begin(), batch.end()), expected);
  }
  EXPECT_EQ(statistics.batchCount(), 3);
  EXPECT_EQ(statistics.channelCount(), 5);
  EXPECT_EQ(statistics.finiteCount(), 2 * 5 * (61 + 8 + 9));
  ClipRange overall;
  for (const ClipRange& b : statistics.batchRanges()) overall = {std::min(overall.min, b.min), std::max(overall.max, b.max)};
  EXPECT_EQ(statistics.range(), overall);
}

TEST(TensorStatistics, ScansNarrowChannelsLikeWideOnes) {
  const std::vector<float> v = randomValues(7, 4 * 16 * 3, -2.0, 5.0);
  TensorStatistics statistics;
  statistics.update(v, std::vector<int64_t>{4, 16, 3});
  const auto ranges = statistics.channelRanges();
  EXPECT_EQ(std::vector<ClipRange>(ranges.begin(), ranges.end()), channelRangesOf(v, 4, 16, 3));
}

TEST(TensorStatistics, TreatsATensorWithoutTheChannelAxisAsOneChannel) {
  TensorStatistics statistics;  // channel axis 1
  statistics.update(std::vector<float>{3, -1, 2}, std::vector<int64_t>{3});
  EXPECT_EQ(statistics.channelCount(), 1);
  EXPECT_EQ(statistics.channelRanges()[0], (ClipRange{-1.0f, 3.0f}));
}

TEST(TensorStatistics, SkipsAndCountsNanAndInfinity) {
  // NaN and ±inf are counted and left out of every statistic: the ranges and histograms equal those
  // of the finite values alone.
  std::vector<float> finite = randomValues(3, 200, -1.0, 4.0);
  std::vector<float> dirty = finite;
  dirty.insert(dirty.begin() + 17, kNaN);
  dirty.insert(dirty.begin() + 40, kInf);
  dirty.insert(dirty.begin() + 41, -kInf);
  dirty.push_back(kNaN);
  TensorStatistics clean, noisy;
  clean.update(finite, std::vector<int64_t>{static_cast<int64_t>(finite.size())});
  noisy.update(dirty, std::vector<int64_t>{static_cast<int64_t>(dirty.size())});
  EXPECT_EQ(noisy.nanCount(), 2);
  EXPECT_EQ(noisy.infCount(), 2);
  EXPECT_EQ(noisy.finiteCount(), 200);
  EXPECT_EQ(noisy.range(), clean.range());
  const auto counts = [](const auto& h) { return std::vector<double>(h.counts().begin(), h.counts().end()); };
  EXPECT_EQ(counts(noisy.torchHistogram()), counts(clean.torchHistogram()));
  EXPECT_EQ(counts(noisy.ortEntropyHistogram()), counts(clean.ortEntropyHistogram()));
  EXPECT_EQ(counts(noisy.ortPercentileHistogram()), counts(clean.ortPercentileHistogram()));
  EXPECT_EQ(counts(noisy.ortAbsHistogram()), counts(clean.ortAbsHistogram()));
}

TEST(TensorStatistics, IgnoresABatchWithoutFiniteValuesButCountsIt) {
  TensorStatistics statistics;
  statistics.update(std::vector<float>{kNaN, kInf, kNaN}, std::vector<int64_t>{3});
  EXPECT_TRUE(statistics.empty());
  EXPECT_EQ(statistics.batchCount(), 0);
  EXPECT_EQ(statistics.nanCount(), 2);
  EXPECT_EQ(statistics.infCount(), 1);
  EXPECT_FALSE(statistics.range().observed());
  EXPECT_TRUE(statistics.torchHistogram().empty());
}

TEST(TensorStatistics, IgnoresAnEmptyBatch) {
  TensorStatistics statistics;
  statistics.update(std::vector<float>{}, std::vector<int64_t>{0, 3, 4, 4});
  EXPECT_TRUE(statistics.empty());
  EXPECT_EQ(statistics.channelCount(), 0);
}

TEST(TensorStatistics, FusedHistogramsEqualTheStandaloneStates) {
  // The one-pass update bins into all histograms at once; each must equal its class fed alone.
  TensorStatistics statistics;
  TorchHistogram torch;
  OrtValueHistogram entropy(128), percentile(2048);
  OrtAbsHistogram absolute(2048);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const std::vector<float> v = randomValues(seed, 3000, -0.5 * seed, 1.0 * seed);
    statistics.update(v, std::vector<int64_t>{3000});
    torch.addValues(v);
    entropy.addValues(v);
    percentile.addValues(v);
    absolute.addValues(v);
  }
  const auto same = [](const auto& a, const auto& b) {
    return std::equal(a.counts().begin(), a.counts().end(), b.counts().begin(), b.counts().end());
  };
  EXPECT_TRUE(same(statistics.torchHistogram(), torch));
  EXPECT_TRUE(same(statistics.ortEntropyHistogram(), entropy));
  EXPECT_TRUE(same(statistics.ortPercentileHistogram(), percentile));
  EXPECT_TRUE(same(statistics.ortAbsHistogram(), absolute));
  EXPECT_GT(statistics.ortPercentileHistogram().bins(), 2048);  // the range grew, so did the bins
}

TEST(TensorStatistics, KeepsMemoryBoundedByStatisticsNotValues) {
  TensorStatistics statistics;
  for (uint64_t seed = 0; seed < 50; ++seed)
    statistics.update(randomValues(seed, 64 * 100, -1.0, 1.0), std::vector<int64_t>{1, 64, 10, 10});
  // 2048 torch bins + three ORT histograms + 50 batches x 65 ranges, far below 50 x 6400 values.
  EXPECT_LT(statistics.memoryBytes(), size_t{200} * 1024);
  EXPECT_LT(statistics.memoryBytes(), 50 * 6400 * sizeof(float) / 4);
}

TEST(TensorStatistics, RejectsAChangedChannelCountNamingTheTensor) {
  TensorStatistics statistics;
  statistics.setName("conv1.out");
  statistics.update(std::vector<float>(2 * 3 * 4, 1.0f), std::vector<int64_t>{2, 3, 4});
  EXPECT_THAT([&] { statistics.update(std::vector<float>(2 * 5 * 4, 1.0f), std::vector<int64_t>{2, 5, 4}); },
              ::testing::ThrowsMessage<Error>(
                  AllOf(HasSubstr("'conv1.out'"), HasSubstr("5 channels"), HasSubstr("earlier batches had 3"))));
}

TEST(TensorStatistics, RejectsAValueCountThatDoesNotMatchTheShape) {
  TensorStatistics statistics;
  EXPECT_THAT([&] { statistics.update(std::vector<float>(5, 1.0f), std::vector<int64_t>{2, 3}); },
              ::testing::ThrowsMessage<Error>(HasSubstr("has 5 values but its shape [2, 3] holds 6")));
}

TEST(TensorStatistics, TakesAFloatTensor) {
  TensorStatistics statistics;
  statistics.update(Tensor::fromVector<float>({1, 2, 2}, {1, -2, 3, 4}));
  EXPECT_EQ(statistics.channelCount(), 2);
  EXPECT_EQ(statistics.range(), (ClipRange{-2.0f, 4.0f}));
  EXPECT_THROW(statistics.update(Tensor::fromVector<int32_t>({2}, {1, 2})), Error);
}

}  // namespace
}  // namespace quantlens
