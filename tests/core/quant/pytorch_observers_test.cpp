// Observers against the real torch 1.13 observers (tests/data/quant/observers/pytorch_observers.json).
#include <gtest/gtest.h>

#include "core/quant/histogram_observer.h"
#include "core/quant/min_max_observer.h"
#include "core/quant/moving_average_observer.h"
#include "core/quant/qparams.h"
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

// The scale and zero point of an observer's ranges against calculate_qparams of the fixture case
// (PyTorch's per-tensor quint8 affine and qint8 symmetric): scale within 1e-6, zero point exact.
void expectQParamsMatch(const std::vector<ClipRange>& ranges, const nlohmann::json& testCase) {
  for (const nlohmann::json& expected : testCase.at("qparams")) {
    const std::string dtype = expected.at("dtype") == "quint8" ? "uint8" : "int8";
    const QuantScheme scheme = QuantScheme::make(parseQuantDtype(dtype), expected.at("scheme") == "symmetric");
    const QParams params = computeQParams(ranges, scheme);
    const std::string label = testCase.at("name").get<std::string>() + " " + scheme.describe();
    ASSERT_EQ(params.scales.size(), 1u) << label;
    EXPECT_TRUE(nearlyEqual(params.scales[0], expected.at("scale")[0])) << label;
    EXPECT_EQ(params.zeroPoints[0], expected.at("zero_point")[0].get<int32_t>()) << label;
  }
}

TEST(HistogramObserver, MatchesPyTorchSearchOnSingleBatchesAndOnTheMergeOfVersion25) {
  const std::vector<nlohmann::json> cases = casesOf("histogram");
  // The last case's float32 total (ATen's cascade sum, 1399999.875) differs from the rounded exact
  // sum (1400000.0); only the former gives PyTorch's range (max 4.48239, not 4.48458).
  ASSERT_EQ(cases.size(), 9u);
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
    const std::vector<ClipRange> ranges = HistogramObserver(c.at("bits").get<int>()).ranges(statistics);
    expectRangesMatch(ranges, c);
    if (c.contains("qparams")) expectQParamsMatch(ranges, c);
  }
}

}  // namespace
}  // namespace quantlens
