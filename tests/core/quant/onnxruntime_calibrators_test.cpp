// Percentile and entropy against a numpy transcription of ONNX Runtime's calibrate.py, and TensorRT's.
#include <gtest/gtest.h>

#include "core/quant/entropy_observer.h"
#include "core/quant/percentile_observer.h"
#include "tests/core/quant/observer_fixture.h"

namespace quantlens {
namespace {

using testing::expectRangesMatch;
using testing::loadObserverFixture;
using testing::nearlyEqual;
using testing::statisticsOf;

// The collected histogram a case describes: bins, total, outer edges, first moment.
template <class Histogram> void expectHistogramMatches(const Histogram& h, const nlohmann::json& c) {
  const nlohmann::json& expected = c.at("histogram");
  EXPECT_EQ(h.bins(), expected.at("bins").get<int64_t>()) << c.at("name");
  int64_t total = 0, moment = 0;
  for (int64_t i = 0; i < h.bins(); ++i) {
    total += h.counts()[static_cast<size_t>(i)];
    moment += i * h.counts()[static_cast<size_t>(i)];
  }
  EXPECT_EQ(total, expected.at("total").get<int64_t>()) << c.at("name");
  EXPECT_EQ(moment, expected.at("first_moment").get<int64_t>()) << c.at("name");
  EXPECT_EQ(h.edges().front(), expected.at("first_edge").get<float>()) << c.at("name");
  EXPECT_EQ(h.edges().back(), expected.at("last_edge").get<float>()) << c.at("name");
}

TEST(PercentileObserver, MatchesOnnxRuntimeSymmetricAndAsymmetricPercentiles) {
  int checked = 0;
  const nlohmann::json fixture = loadObserverFixture("onnxruntime_calibrators.json");
  for (const nlohmann::json& c : fixture.at("cases")) {
    if (c.at("observer") != "percentile") continue;
    TensorStatisticsOptions options;
    options.ortPercentileBins = c.at("num_bins");
    const TensorStatistics statistics = statisticsOf(c, options);
    const bool symmetric = c.at("symmetric");
    if (symmetric) expectHistogramMatches(statistics.ortAbsHistogram(), c);
    else expectHistogramMatches(statistics.ortPercentileHistogram(), c);
    expectRangesMatch(PercentileObserver(c.at("percentile").get<double>(), symmetric).ranges(statistics), c);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(EntropyObserver, MatchesOnnxRuntimeEntropyThresholdAndDivergence) {
  int checked = 0;
  const nlohmann::json fixture = loadObserverFixture("onnxruntime_calibrators.json");
  for (const nlohmann::json& c : fixture.at("cases")) {
    if (c.at("observer") != "entropy") continue;
    const int bins = c.at("num_bins");
    TensorStatisticsOptions options;
    if (bins != options.ortPercentileBins) options.ortEntropyBins = bins;
    const TensorStatistics statistics = statisticsOf(c, options);
    const OrtValueHistogram& h =
        bins == options.ortEntropyBins ? statistics.ortEntropyHistogram() : statistics.ortPercentileHistogram();
    expectHistogramMatches(h, c);
    const int levels = c.at("quantized_bins");
    const EntropyObserver observer(EntropyVariant::OnnxRuntime, bins, levels, 8, true);
    expectRangesMatch(observer.ranges(statistics), c);
    double divergence = 0.0;
    EntropyObserver::onnxRuntimeThreshold(h.counts(), h.edges(), statistics.range(), levels, &divergence);
    EXPECT_TRUE(nearlyEqual(divergence, c.at("best_kl"))) << c.at("name");
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

TEST(EntropyObserver, MatchesTheTensorRtSlideAlgorithmOnTheAbsoluteHistogram) {
  int checked = 0;
  const nlohmann::json fixture = loadObserverFixture("tensorrt_entropy.json");
  for (const nlohmann::json& c : fixture.at("cases")) {
    const TensorStatistics statistics = statisticsOf(c);
    const EntropyObserver observer(EntropyVariant::TensorRt, 128, 128, c.at("bits"), /*isUnsigned=*/false);
    expectRangesMatch(observer.ranges(statistics), c);
    double divergence = 0.0;
    const OrtAbsHistogram& h = statistics.ortAbsHistogram();
    EntropyObserver::tensorRtThreshold(h.counts(), h.edges(), 1 << (c.at("bits").get<int>() - 1), &divergence);
    EXPECT_TRUE(nearlyEqual(divergence, c.at("best_kl"), 1e-9)) << c.at("name");
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

}  // namespace
}  // namespace quantlens
