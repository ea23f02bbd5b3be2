// Observers against the real torch 1.13 observers (tests/data/quant/observers/pytorch_observers.json).
#include <gtest/gtest.h>

#include "core/quant/histogram_observer.h"
#include "core/quant/min_max_observer.h"
#include "core/quant/moving_average_observer.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::expectRangesMatch;
using testing::loadObserverFixture;
using testing::nearlyEqual;
using testing::statisticsOf;

// The fixture's cases of one observer kind.
std::vector<nlohmann::json> casesOf(const std::string& observer) {
  const nlohmann::json fixture = loadObserverFixture("pytorch_observers.json");
  std::vector<nlohmann::json> cases;
  for (const nlohmann::json& c : fixture.at("cases"))
    if (c.at("observer") == observer) cases.push_back(c);
  return cases;
}

TensorStatisticsOptions optionsOf(const nlohmann::json& testCase) {
  TensorStatisticsOptions options;
  options.channelAxis = testCase.value("channel_axis", int64_t{1});
  return options;
}

TEST(MinMaxObserver, MatchesPyTorchMinMaxAndPerChannelMinMaxObservers) {
  const std::vector<nlohmann::json> cases = casesOf("minmax");
  ASSERT_EQ(cases.size(), 5u);
  for (const nlohmann::json& c : cases) {
    const bool perChannel = c.value("per_channel", false);
    expectRangesMatch(MinMaxObserver(perChannel).ranges(statisticsOf(c, optionsOf(c))), c);
  }
}

TEST(MovingAverageObserver, MatchesPyTorchMovingAverageObserversForAnyConstant) {
  const std::vector<nlohmann::json> cases = casesOf("moving-average");
  ASSERT_EQ(cases.size(), 3u);
  for (const nlohmann::json& c : cases) {
    const MovingAverageObserver observer(c.at("averaging_constant").get<double>(), c.value("per_channel", false));
    expectRangesMatch(observer.ranges(statisticsOf(c, optionsOf(c))), c);
  }
}

TEST(HistogramObserver, MatchesPyTorchSearchOnSingleBatchesAndOnTheMergeOfVersion25) {
  const std::vector<nlohmann::json> cases = casesOf("histogram");
  ASSERT_EQ(cases.size(), 8u);
  for (const nlohmann::json& c : cases) {
    const TensorStatistics statistics = statisticsOf(c);
    const TorchHistogram& h = statistics.torchHistogram();
    const nlohmann::json& expected = c.at("histogram");
    // The histogram itself: its range, its mass and where the mass sits.
    EXPECT_TRUE(nearlyEqual(h.min(), expected.at("min"))) << c.at("name");
    EXPECT_TRUE(nearlyEqual(h.max(), expected.at("max"))) << c.at("name");
    double total = 0.0, moment = 0.0, largest = 0.0;
    for (int i = 0; i < h.bins(); ++i) {
      total += h.counts()[static_cast<size_t>(i)];
      moment += static_cast<double>(i) * h.counts()[static_cast<size_t>(i)];
      largest = std::max<double>(largest, h.counts()[static_cast<size_t>(i)]);
    }
    EXPECT_TRUE(nearlyEqual(total, expected.at("total"))) << c.at("name");
    EXPECT_TRUE(nearlyEqual(moment, expected.at("first_moment"))) << c.at("name");
    EXPECT_TRUE(nearlyEqual(largest, expected.at("max_bin"))) << c.at("name");
    expectRangesMatch(HistogramObserver(c.at("bits").get<int>()).ranges(statistics), c);
  }
}

}  // namespace
}  // namespace quantlens
