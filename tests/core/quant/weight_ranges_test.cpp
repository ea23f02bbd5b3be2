// Weight ranges per tensor, channel and group, by minmax and MSE.
#include "core/quant/weight_ranges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/quant/mse_search.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using ::testing::HasSubstr;
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

ObserverSettings settingsOf(ObserverKind kind, bool symmetric = true, int bits = 8) {
  ObserverSettings s;
  s.kind = kind;
  s.symmetric = symmetric;
  s.bits = bits;
  return s;
}

TEST(WeightRanges, MinMaxGivesOneRangePerTensorChannelOrGroup) {
  // W [2, 4]: rows [-1 0 2 3] and [.5 .6 -.7 .8].
  const std::vector<float> w = {-1, 0, 2, 3, .5f, .6f, -.7f, .8f};
  const Shape shape = {2, 4};
  const ObserverSettings minmax = settingsOf(ObserverKind::MinMax);
  EXPECT_EQ(observeWeightRanges(w, shape, Granularity::perTensor(), minmax), (std::vector<ClipRange>{{-1, 3}}));
  EXPECT_EQ(observeWeightRanges(w, shape, Granularity::perChannel(0), minmax),
            (std::vector<ClipRange>{{-1, 3}, {-.7f, .8f}}));
  // Groups of 2 along axis 1: [-1 0] [2 3] / [.5 .6] [-.7 .8], in ONNX's blocked order [2, 2].
  EXPECT_EQ(observeWeightRanges(w, shape, Granularity::perGroup(2, 1), minmax),
            (std::vector<ClipRange>{{-1, 0}, {2, 3}, {.5f, .6f}, {-.7f, .8f}}));
  // Groups of 3 along axis 1: the last group is shorter.
  EXPECT_EQ(observeWeightRanges(w, shape, Granularity::perGroup(3, 1), minmax),
            (std::vector<ClipRange>{{-1, 2}, {3, 3}, {-.7f, .6f}, {.8f, .8f}}));
}

TEST(WeightRanges, MseClipsEachHeavyTailedChannelNoWorseThanMinMax) {
  // Conv weight [4, 8, 3, 3]; each output channel a heavy tail of its own scale.
  std::vector<float> w;
  for (uint64_t c = 0; c < 4; ++c) {
    const std::vector<float> channel = heavyTail(10 + c, 72, 0.1 * (c + 1));
    w.insert(w.end(), channel.begin(), channel.end());
  }
  const Shape shape = {4, 8, 3, 3};
  const auto minmax = observeWeightRanges(w, shape, Granularity::perChannel(0), settingsOf(ObserverKind::MinMax));
  const auto mse = observeWeightRanges(w, shape, Granularity::perChannel(0), settingsOf(ObserverKind::Mse, true, 4));
  ASSERT_EQ(mse.size(), 4u);
  for (size_t c = 0; c < 4; ++c) {
    const std::span<const float> channel(w.data() + 72 * c, 72);
    const auto error = [&](ClipRange r) {
      return squaredError(channel, QuantGrid::symmetric(std::max(-r.min, r.max), 16));
    };
    EXPECT_LE(error(mse[c]), error(minmax[c])) << "channel " << c;
    EXPECT_GE(mse[c].min, minmax[c].min);
    EXPECT_LE(mse[c].max, minmax[c].max);
  }
}

TEST(WeightRanges, MseOnALargeTensorSearchesAHistogramOfIt) {
  // More than kWeightMseExactLimit values: the search runs on a 2048-bin histogram and still finds
  // a range within 1 % of the error of the one found on the values.
  const std::vector<float> w = heavyTail(20, 100000, 1.0);
  const ClipRange r = observeWeightRanges(w, {100000}, Granularity::perTensor(), settingsOf(ObserverKind::Mse))[0];
  const ClipRange observed{*std::min_element(w.begin(), w.end()), *std::max_element(w.begin(), w.end())};
  const auto error = [&](const QuantGrid& g) { return squaredError(w, g); };
  const ClipRange exact = searchMseRange(observed, 8, true, error);
  const auto realError = [&](ClipRange c) { return error(QuantGrid::symmetric(std::max(-c.min, c.max), 256)); };
  EXPECT_LE(realError(r), 1.01 * realError(exact));
}

TEST(WeightRanges, LeavesANanSlotNanForTheQParamsCheck) {
  const std::vector<float> w = {1, NAN, 2, 3};
  const auto ranges = observeWeightRanges(w, {2, 2}, Granularity::perChannel(0), settingsOf(ObserverKind::Mse));
  EXPECT_TRUE(std::isnan(ranges[0].min));
  EXPECT_EQ(ranges[1].max, 3.0f);
}

TEST(WeightRanges, RejectsActivationObserversAndMismatchedShapes) {
  const std::vector<float> w(6, 1.0f);
  EXPECT_THAT([&] { observeWeightRanges(w, {2, 3}, Granularity::perTensor(), settingsOf(ObserverKind::Histogram)); },
              ::testing::ThrowsMessage<Error>(HasSubstr("expected minmax or mse")));
  EXPECT_THROW(observeWeightRanges(w, {2, 4}, Granularity::perTensor(), settingsOf(ObserverKind::MinMax)), Error);
  EXPECT_THROW(observeWeightRanges(w, {2, 3}, Granularity::perChannel(5), settingsOf(ObserverKind::MinMax)), Error);
}

}  // namespace
}  // namespace quantlens
