// Every observer on degenerate data: all zeros, a constant, one-signed data, an outlier, NaN and ±inf.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/quant/mse_search.h"
#include "core/quant/observer_factory.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::SplitMix64;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Every activation observer, with the TensorRT entropy variant too.
std::vector<std::pair<std::string, ObserverSettings>> allObservers() {
  std::vector<std::pair<std::string, ObserverSettings>> all;
  for (ObserverKind kind : {ObserverKind::MinMax, ObserverKind::MovingAverage, ObserverKind::Histogram,
                            ObserverKind::Percentile, ObserverKind::Entropy, ObserverKind::Mse}) {
    ObserverSettings s;
    s.kind = kind;
    all.emplace_back(std::string(observerKindName(kind)), s);
  }
  ObserverSettings s;
  s.kind = ObserverKind::Percentile;
  s.percentileSymmetric = false;
  all.emplace_back("percentile asymmetric", s);
  s = {};
  s.kind = ObserverKind::Entropy;
  s.entropyVariant = EntropyVariant::TensorRt;
  all.emplace_back("entropy tensorrt", s);
  s = {};
  s.kind = ObserverKind::Entropy;
  s.entropyBins = 2048;
  all.emplace_back("entropy 2048 bins", s);
  s = {};
  s.kind = ObserverKind::Mse;
  s.symmetric = true;
  all.emplace_back("mse symmetric", s);
  return all;
}

TensorStatistics statisticsOf(const std::vector<float>& values) {
  TensorStatistics statistics;
  statistics.update(values, std::vector<int64_t>{static_cast<int64_t>(values.size())});
  return statistics;
}

std::vector<float> bell(uint64_t seed, size_t count, double center, double scale) {
  SplitMix64 rng(seed);
  std::vector<float> values(count);
  for (float& v : values)
    v = static_cast<float>(center + scale * (rng.uniform() + rng.uniform() + rng.uniform() + rng.uniform() - 2.0));
  return values;
}

TEST(Observers, GiveZeroToZeroForAllZeros) {
  // PyTorch then takes scale = eps, ORT scale 1: a zero range, whatever the observer.
  const TensorStatistics statistics = statisticsOf(std::vector<float>(1000, 0.0f));
  for (const auto& [name, settings] : allObservers()) {
    const ClipRange r = observeRanges(statistics, settings)[0];
    EXPECT_EQ(r.min, 0.0f) << name;
    EXPECT_EQ(r.max, 0.0f) << name;
  }
}

TEST(Observers, GiveTheValueItselfForAConstant) {
  // Constant 2.5 ([torch 1.13] §1.2: MinMax gives scale 2.5/255, zp 0 from (2.5, 2.5)).
  const TensorStatistics statistics = statisticsOf(std::vector<float>(1000, 2.5f));
  for (const auto& [name, settings] : allObservers()) {
    const ClipRange r = observeRanges(statistics, settings)[0];
    if (name == "entropy tensorrt") {
      // Symmetric by nature: ±2.5.
      EXPECT_EQ(r, (ClipRange{-2.5f, 2.5f})) << name;
    } else if (name == "percentile asymmetric") {
      // ORT's histogram over (-2.5, 2.5) puts 2.5 in the closed last bin, whose left edge
      // 2.5 - 5/2048 is both percentiles; clamping to the data gives (2.5, 2.49755859375), which
      // collapses onto the upper end (ORT's qparams use max(rmax, 0) only).
      EXPECT_EQ(r, (ClipRange{2.49755859375f, 2.49755859375f})) << name;
    } else {
      EXPECT_EQ(r, (ClipRange{2.5f, 2.5f})) << name;
    }
  }
}

TEST(Observers, KeepPositiveOnlyDataInsideItsRange) {
  // [0.5, 3]: every range lies within the data's, and reaches up to its bulk.
  std::vector<float> values = bell(11, 5000, 1.75, 0.6);
  values.push_back(0.5f);
  values.push_back(3.0f);
  const TensorStatistics statistics = statisticsOf(values);
  for (const auto& [name, settings] : allObservers()) {
    const ClipRange r = observeRanges(statistics, settings)[0];
    if (name == "entropy tensorrt") {
      EXPECT_EQ(r.min, -r.max) << name;
    } else {
      EXPECT_GE(r.min, 0.5f) << name;
      EXPECT_LT(r.min, 1.0f) << name;
    }
    EXPECT_LE(r.max, 3.0f) << name;
    EXPECT_GT(r.max, 2.5f) << name;
  }
}

TEST(Observers, KeepNegativeOnlyDataInsideItsRange) {
  std::vector<float> values = bell(12, 5000, -2.0, 0.5);
  values.push_back(-3.0f);
  values.push_back(-1.0f);
  const TensorStatistics statistics = statisticsOf(values);
  for (const auto& [name, settings] : allObservers()) {
    const ClipRange r = observeRanges(statistics, settings)[0];
    EXPECT_GE(r.min, -3.0f) << name;
    EXPECT_LT(r.min, -2.5f) << name;
    if (name == "entropy tensorrt") EXPECT_EQ(r.max, -r.min) << name;
    else if (name == "percentile") EXPECT_EQ(r.max, -1.0f) << name;  // (-t, t) clamped to the max
    else EXPECT_LE(r.max, -1.0f) << name;
  }
}

TEST(Observers, ClipOneHugeOutlierOnlyWhereTheirReferenceDoes) {
  // 10000 values in about [-1, 1] and one 1000.
  std::vector<float> values = bell(13, 10000, 0.0, 0.5);
  values.push_back(1000.0f);
  const TensorStatistics statistics = statisticsOf(values);
  const auto rangeOf = [&](const std::string& wanted) {
    for (const auto& [name, settings] : allObservers())
      if (name == wanted) return observeRanges(statistics, settings)[0];
    return ClipRange{};
  };
  EXPECT_EQ(rangeOf("minmax").max, 1000.0f);
  // L2 criteria keep a lone far outlier: clipping it to the bulk costs ~1e6 squared, rounding
  // 10000 values with a step of ~4 only ~1.3e4. PyTorch's search drops just the outlier's own bin
  // (the next step would jump to the bulk and the error would grow), as in §1.4's
  // linspace(0, 1, 1000) ++ [10] example; the MSE search keeps it whole.
  EXPECT_GT(rangeOf("histogram").max, 999.0f);
  EXPECT_LT(rangeOf("histogram").max, 1000.0f);
  EXPECT_EQ(rangeOf("mse").max, 1000.0f);
  // The symmetric percentile drops it: it is 1e-4 of the mass, and 99.99 % stays. The asymmetric
  // one cuts (100 - 99.99) / 2 = 0.005 % per side, less than the outlier's 0.01 %.
  EXPECT_LT(rangeOf("percentile").max, 1.5f);
  EXPECT_GT(rangeOf("percentile asymmetric").max, 999.0f);
  // ORT's smoothed KL over 2048 bins clips it; with ORT's defaults (128 bins, 128 levels) there is
  // one candidate, the whole range.
  EXPECT_LT(rangeOf("entropy 2048 bins").max, 1000.0f);
  EXPECT_EQ(rangeOf("entropy").max, 1000.0f);
  // TensorRT's unsmoothed KL is infinite for every candidate whose last bin is empty (Q = 0 < P):
  // all of them here, so the whole range stays (pytorch-quantization's last-argmin does the same).
  EXPECT_EQ(rangeOf("entropy tensorrt").max, 1000.0f);
}

TEST(Observers, ClipASparseTailWhereTheirReferenceDoes) {
  // A bulk in about [-1, 1] and a sparse tail: 30 values spread over [4, 40].
  std::vector<float> values = bell(15, 20000, 0.0, 0.5);
  for (int i = 0; i < 30; ++i) values.push_back(4.0f + 1.2f * static_cast<float>(i));
  const float max = values.back();
  const TensorStatistics statistics = statisticsOf(values);
  for (const auto& [name, settings] : allObservers()) {
    const ClipRange r = observeRanges(statistics, settings)[0];
    // minmax and moving average (one batch) keep it all; so does ORT's default entropy (one candidate).
    if (name == "minmax" || name == "moving-average" || name == "entropy") EXPECT_EQ(r.max, max) << name;
    else EXPECT_LT(r.max, max) << name;
  }
}

TEST(Observers, IgnoreNanAndInfinity) {
  // Statistics skip NaN and ±inf, so every observer's range equals the one of the finite values.
  const std::vector<float> finite = bell(14, 3000, 0.3, 1.0);
  std::vector<float> dirty = finite;
  dirty[10] = kNaN;
  dirty.push_back(kNaN);
  dirty.push_back(kInf);
  dirty.push_back(-kInf);
  std::vector<float> cleaned = finite;
  cleaned.erase(cleaned.begin() + 10);
  const TensorStatistics noisy = statisticsOf(dirty), clean = statisticsOf(cleaned);
  for (const auto& [name, settings] : allObservers())
    EXPECT_EQ(observeRanges(noisy, settings), observeRanges(clean, settings)) << name;
}

TEST(Observers, ReportNothingObservedForOnlyNanOrNoData) {
  const TensorStatistics none = statisticsOf({kNaN, kNaN});
  const TensorStatistics fresh;
  for (const auto& [name, settings] : allObservers()) {
    EXPECT_FALSE(observeRanges(none, settings)[0].observed()) << name;
    EXPECT_FALSE(observeRanges(fresh, settings)[0].observed()) << name;
  }
}

}  // namespace
}  // namespace quantlens
