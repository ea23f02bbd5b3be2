// The PyTorch >= 2.5 histogram merge bin by bin against tests/data/quant/observers/torch_histogram_merge.json.
#include <gtest/gtest.h>

#include <string>

#include "core/quant/histogram_observer.h"
#include "core/quant/qparams.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::loadObserverFixture;
using testing::statisticsOf;

// The fixture is HistogramObserver25 of tools/make_observer_fixtures.py: torch 1.13's histc,
// bucketize and bincount with PyTorch >= 2.0's float32 linspace (one fused multiply-add per
// element). The merge is float32 arithmetic in a fixed order, and the search and qparams repeat
// PyTorch's own float32 steps, so every value compares exactly.
TEST(TorchHistogramMerge, MatchesPyTorchBinForBinAfterEveryKindOfRangeGrowth) {
  const nlohmann::json fixture = loadObserverFixture("torch_histogram_merge.json");
  // Four seeds growing on both sides, eight alternating growths, sixteen batches whose merge
  // decides the search (a linspace rounded twice ends it at another range), three tiny ranges (near
  // 1000, three ulps near 1, near 0) and two starts from one-value histograms (min == max).
  ASSERT_EQ(fixture.at("cases").size(), 11u);
  for (const nlohmann::json& c : fixture.at("cases")) {
    const std::string name = c.at("name");
    TensorStatisticsOptions options;
    options.torchBins = c.at("bins");
    const TensorStatistics statistics = statisticsOf(c, options);
    const TorchHistogram& histogram = statistics.torchHistogram();
    EXPECT_EQ(histogram.min(), c.at("min").get<float>()) << name;
    EXPECT_EQ(histogram.max(), c.at("max").get<float>()) << name;
    const std::vector<float> expected = c.at("counts");
    ASSERT_EQ(histogram.counts().size(), expected.size()) << name;
    int wrongBins = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      if (histogram.counts()[i] == expected[i]) continue;
      if (++wrongBins <= 5)
        ADD_FAILURE() << name << ": bin " << i << " holds " << histogram.counts()[i] << ", PyTorch " << expected[i];
    }
    EXPECT_EQ(wrongBins, 0) << name;

    const std::vector<ClipRange> ranges = HistogramObserver(8).ranges(statistics);
    ASSERT_EQ(ranges.size(), 1u) << name;
    EXPECT_EQ(ranges[0].min, c.at("search")[0].get<float>()) << name;
    EXPECT_EQ(ranges[0].max, c.at("search")[1].get<float>()) << name;
    for (const nlohmann::json& expectedParams : c.at("qparams")) {
      const std::string dtype = expectedParams.at("dtype") == "quint8" ? "uint8" : "int8";
      const QuantScheme scheme =
          QuantScheme::make(parseQuantDtype(dtype), expectedParams.at("scheme") == "symmetric");
      const QParams params = computeQParams(ranges, scheme);
      ASSERT_EQ(params.scales.size(), 1u) << name;
      EXPECT_EQ(params.scales[0], expectedParams.at("scale").get<float>()) << name << " " << scheme.describe();
      EXPECT_EQ(params.zeroPoints[0], expectedParams.at("zero_point").get<int32_t>())
          << name << " " << scheme.describe();
    }
  }
}

}  // namespace
}  // namespace quantlens
