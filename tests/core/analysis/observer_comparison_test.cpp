// compareObservers on the demo model and its 300 images: each row is what the whole pipeline gives
// when that observer is the configured one (top-1 and agreement as evaluateQuantized measures them,
// layer SQNR as analyzeLayerActivations does), and observers whose ranges differ give different rows.
#include "core/analysis/observer_comparison.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/analysis/layer_analysis.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/progress.h"
#include "tests/support/demo_ptq.h"

namespace quantlens {
namespace {

// The calibrated demo and the first 32 images preprocessed for the layer SQNR.
struct DemoWithAnalysisInputs : testing::CalibratedDemo {
  std::vector<int64_t> analysisIndices{indices.begin(), indices.begin() + 32};
  std::vector<Tensor> analysisInputs = loadInputBatches(images, analysisIndices, testing::demoPreprocessor(),
                                                        testing::demoBatches());
};

class DemoObserverComparison : public testing::DemoSuite<DemoWithAnalysisInputs> {
protected:
  // The comparison around `config` with top-1 on all 300 images and SQNR on the first 32; `fp32` gives
  // the FP32 predictions for the agreement column.
  static std::vector<ObserverComparisonRow> compare(const QuantConfig& config, const QuantizedAccuracy* fp32) {
    const Preprocessor preprocessor = testing::demoPreprocessor();
    ObserverComparisonData data;
    data.evaluation = &s_shared->images;
    data.indices = s_shared->indices;
    data.preprocessor = &preprocessor;
    data.options = options();
    if (fp32) data.fp32Predictions = fp32->fp32.score.predictions();
    data.analysisInputs = s_shared->analysisInputs;
    return compareObservers(graph(), s_shared->plan, s_shared->calibration, config, data);
  }
  static QuantizedAccuracy evaluate(const QuantState& state) {
    return evaluateQuantized(graph(), s_shared->plan, state, s_shared->images, s_shared->indices, preprocessor(),
                             options());
  }
};

// For each configured observer the row marked `configured` must equal the main result of that
// configuration, measured by the functions the CLI's quantize uses.
void expectRowEqualsMainResult(const std::vector<ObserverComparisonRow>& rows, const QuantState& state,
                               const QuantizedAccuracy& accuracy, const std::vector<LayerActivationError>& errors) {
  ASSERT_EQ(rows.size(), 6u);
  int configured = 0;
  for (const ObserverComparisonRow& row : rows) {
    if (!row.configured) continue;
    ++configured;
    SCOPED_TRACE(std::string(observerKindName(row.observer)));
    EXPECT_EQ(row.observer, state.config.activationObserver.kind);
    EXPECT_TRUE(row.error.empty()) << row.error;
    ASSERT_TRUE(row.top1 && accuracy.quantized.score.top1());
    EXPECT_DOUBLE_EQ(*row.top1, *accuracy.quantized.score.top1());
    ASSERT_TRUE(row.agreement);
    EXPECT_DOUBLE_EQ(*row.agreement, accuracy.agreement);
    ASSERT_FALSE(errors.empty());
    ASSERT_TRUE(row.lastLayerSqnrDb);
    EXPECT_DOUBLE_EQ(*row.lastLayerSqnrDb, errors.back().accumulated.sqnrDb);
    // Mean and minimum of the accumulated SQNR column, computed here from the full analysis.
    double sum = 0.0, worst = INFINITY;
    std::string worstLayer;
    for (const LayerActivationError& e : errors) {
      sum += e.accumulated.sqnrDb;
      if (e.accumulated.sqnrDb < worst) worst = e.accumulated.sqnrDb, worstLayer = e.layer;
    }
    ASSERT_TRUE(row.meanLayerSqnrDb && row.worstLayerSqnrDb);
    EXPECT_NEAR(*row.meanLayerSqnrDb, sum / static_cast<double>(errors.size()), 1e-9);
    EXPECT_DOUBLE_EQ(*row.worstLayerSqnrDb, worst);
    EXPECT_EQ(row.worstLayer, worstLayer);
  }
  EXPECT_EQ(configured, 1);
}

TEST_F(DemoObserverComparison, ConfiguredObserversRowEqualsTheMainResult) {
  for (const ObserverKind kind : {ObserverKind::Histogram, ObserverKind::Percentile}) {
    QuantConfig config = QuantConfig::defaults();
    config.activationObserver.kind = kind;
    const QuantState state = derive(config);
    const QuantizedAccuracy accuracy = evaluate(state);
    const auto errors = analyzeLayerActivations(graph(), s_shared->plan, state, s_shared->analysisInputs);
    expectRowEqualsMainResult(compare(config, &accuracy), state, accuracy, errors);
  }
}

TEST_F(DemoObserverComparison, ListsEveryObserverAndRowsDifferWhereRangesDiffer) {
  const QuantConfig config = QuantConfig::defaults();
  const std::vector<ObserverComparisonRow> rows = compare(config, nullptr);
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].observer, activationObserverKinds()[i]);
    EXPECT_TRUE(rows[i].error.empty()) << rows[i].error;
    EXPECT_FALSE(rows[i].agreement) << "no FP32 predictions were given";
  }
  // MinMax keeps the calibration min/max: its clip range is the observed range, ratio exactly 1. The
  // histogram (L2), percentile, entropy and MSE searches clip the demo's long ReLU tails.
  ASSERT_TRUE(rows[0].clipWidthRatio);
  EXPECT_DOUBLE_EQ(*rows[0].clipWidthRatio, 1.0);
  for (const size_t clipping : {2u, 3u, 4u, 5u}) {
    SCOPED_TRACE(std::string(observerKindName(rows[clipping].observer)));
    ASSERT_TRUE(rows[clipping].clipWidthRatio);
    EXPECT_LT(*rows[clipping].clipWidthRatio, 1.0);
  }
  // Different clip ranges quantize differently, so the measured errors differ too.
  for (const ObserverComparisonRow& row : rows) {
    ASSERT_TRUE(row.meanLayerSqnrDb && row.top1);
    for (const ObserverComparisonRow& other : rows) {
      if (&other == &row || *other.clipWidthRatio == *row.clipWidthRatio) continue;
      EXPECT_NE(*other.meanLayerSqnrDb, *row.meanLayerSqnrDb)
          << observerKindName(row.observer) << " vs " << observerKindName(other.observer);
    }
  }
}

TEST_F(DemoObserverComparison, WeightsOnlyQuantizationHasNoObserverToCompare) {
  QuantConfig config = QuantConfig::defaults();
  config.activationScheme.reset();
  EXPECT_TRUE(compare(config, nullptr).empty());
}

TEST_F(DemoObserverComparison, StopsWhenCancelled) {
  CancellationToken cancel;
  cancel.cancel();
  ObserverComparisonData data;
  data.options.cancel = &cancel;
  try {
    compareObservers(graph(), s_shared->plan, s_shared->calibration, QuantConfig::defaults(), data);
    ADD_FAILURE() << "a cancelled comparison returned";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
  }
}

}  // namespace
}  // namespace quantlens
