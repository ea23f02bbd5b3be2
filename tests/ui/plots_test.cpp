// Tests of the plots: their data against the core's numbers (observer clip ranges, weights, codes,
// channel ranges), the histogram helpers on hand-derived cases, export and rendering.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <numeric>

#include "core/quant/activation_quantization.h"
#include "core/quant/observer_factory.h"
#include "core/quant/quantize.h"
#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"
#include "ui/analysis_view.h"
#include "ui/layer_plots_panel.h"
#include "ui/layer_table_model.h"
#include "ui/plots/activation_histogram_plot.h"
#include "ui/plots/channel_range_plot.h"
#include "ui/plots/code_histogram_plot.h"
#include "ui/plots/histogram.h"
#include "ui/plots/sqnr_plot.h"
#include "ui/plots/weight_histogram_plot.h"
#include "ui/quant_controls_panel.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

TEST(PlotHistogram, BinsValuesAndMergesBins) {
  // Bins of width 1 over [0, 4]: 0.5 → 0, 1.0 → 1 (left edge inclusive), 3.9 and 4.0 (the top) → 3,
  // -1 clamps into bin 0.
  const std::vector<float> values = {0.5f, 1.0f, 3.9f, 4.0f, -1.0f};
  const Histogram h = makeHistogram(values, 0.0, 4.0, 4);
  EXPECT_EQ(h.counts, (std::vector<double>{2, 1, 0, 2}));
  const Histogram merged = mergeBins(h, 3);  // bins {0,1,2} and {3}, each of width 3
  EXPECT_EQ(merged.counts, (std::vector<double>{3, 2}));
  EXPECT_DOUBLE_EQ(merged.binWidth(), 3.0);
}

TEST(PlotHistogram, FractionOutsideCountsCutBinsInProportion) {
  // Four bins of one value each over [0, 4]; the range [0.5, 3] leaves half of bin 0 and all of
  // bin 3 outside: (0.5 + 1) / 4.
  const Histogram h{0.0, 4.0, {1, 1, 1, 1}};
  EXPECT_DOUBLE_EQ(fractionOutside(h, 0.5, 3.0), 0.375);
  EXPECT_DOUBLE_EQ(fractionOutside(h, -1.0, 5.0), 0.0);
  EXPECT_DOUBLE_EQ(fractionOutside(h, 2.0, 2.0), 1.0);
}

TEST(ChannelRanges, PerTensorGridIsTheSameForEveryChannel) {
  // Weight [2, 2] = [[-1, 0.5], [0.25, 2]], int8 symmetric per-tensor, PyTorch arithmetic:
  // scale = max(|-1|, 2) / ((127 - (-128)) / 2) = 2 / 127.5, zero point 0, so the grid is
  // [-128 · s, 127 · s] for both channels.
  const Tensor weight = Tensor::fromVector<float>({2, 2}, {-1.0f, 0.5f, 0.25f, 2.0f});
  const QuantScheme scheme = QuantScheme::make({QuantDtype::Int8, 8}, true, Granularity::perTensor());
  const QParams qparams = computeQParams(weight, scheme);
  const float s = 2.0f / 127.5f;
  ASSERT_FLOAT_EQ(qparams.scales.at(0), s);
  const ChannelRanges r = channelRanges(weight, 0, qparams);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.weight[0], (ClipRange{-1.0f, 0.5f}));
  EXPECT_EQ(r.weight[1], (ClipRange{0.25f, 2.0f}));
  for (size_t c = 0; c < 2; ++c) {
    EXPECT_FLOAT_EQ(r.grid[c].min, -128 * s);
    EXPECT_FLOAT_EQ(r.grid[c].max, 127 * s);
    EXPECT_FLOAT_EQ(r.scaleMin[c], s);
    EXPECT_FLOAT_EQ(r.scaleMax[c], s);
  }
}

TEST(ChannelRanges, PerChannelScalesFollowEachChannel) {
  // Per channel: scale_0 = 1 / 127.5, scale_1 = 2 / 127.5.
  const Tensor weight = Tensor::fromVector<float>({2, 2}, {-1.0f, 0.5f, 0.25f, 2.0f});
  const QuantScheme scheme = QuantScheme::make({QuantDtype::Int8, 8}, true, Granularity::perChannel(0));
  const ChannelRanges r = channelRanges(weight, 0, computeQParams(weight, scheme));
  EXPECT_FLOAT_EQ(r.scaleMax[0], 1.0f / 127.5f);
  EXPECT_FLOAT_EQ(r.scaleMax[1], 2.0f / 127.5f);
  EXPECT_FLOAT_EQ(r.grid[1].max, 127 * 2.0f / 127.5f);
}

namespace {

class DemoPlotsTest : public ::testing::Test {
protected:
  void SetUp() override {
    view = std::make_unique<AnalysisView>(&session);
    view->resize(1400, 900);
    ASSERT_TRUE(openDemo(session));
    view->selectLayer(0);
    ASSERT_EQ(view->plots()->layer(), 0);
  }
  const QuantizedLayer& layer() const { return session.model()->plan.layers.at(0); }
  const TensorStatistics& outputStatistics() const {
    return session.calibration()->statistics.at(qparamsSource(session.model()->plan, layer().output));
  }
  ActivationHistogramPlot& activationPlot() const { return *view->plots()->activationPlot(); }

  // Each line the plot draws, checked against observeRanges() for its observer.
  void expectLinesEqualObserveRanges() const {
    const QuantConfig& config = session.config();
    const std::vector<ObserverClipLine>& lines = activationPlot().lines();
    ASSERT_EQ(lines.size(), 6u);  // every activation observer
    for (const ObserverClipLine& line : lines) {
      ObserverSettings settings = config.activationObserver;
      settings.kind = line.kind;
      const ClipRange expected =
          observeRanges(outputStatistics(), activationObserverFor(settings, *config.activationScheme)).at(0);
      EXPECT_EQ(line.range, expected) << observerKindName(line.kind);
    }
    // The highlighted line is the range the state was derived with.
    ASSERT_EQ(activationPlot().activeObserver(), config.activationObserver.kind);
    const auto active = std::find_if(lines.begin(), lines.end(), [&](const ObserverClipLine& l) {
      return l.kind == config.activationObserver.kind;
    });
    EXPECT_EQ(active->range, session.state()->activations.at(layer().output).clip);
  }

  AnalysisSession session;
  std::unique_ptr<AnalysisView> view;
};

}  // namespace

TEST_F(DemoPlotsTest, ActivationClipLinesEqualObserveRanges) {
  expectLinesEqualObserveRanges();
  // minmax is the calibrated range itself.
  const auto minmax = std::find_if(activationPlot().lines().begin(), activationPlot().lines().end(),
                                   [](const ObserverClipLine& l) { return l.kind == ObserverKind::MinMax; });
  EXPECT_EQ(minmax->range, outputStatistics().range());
  EXPECT_DOUBLE_EQ(minmax->clippedFraction, 0.0);
  // The histogram shows all of the calibration histogram's mass.
  const auto counts = outputStatistics().torchHistogram().counts();
  EXPECT_NEAR(activationPlot().histogram().total(), std::accumulate(counts.begin(), counts.end(), 0.0), 1e-3);
}

TEST_F(DemoPlotsTest, SwitchingTheObserverInTheControlsMovesTheHighlight) {
  const std::vector<ObserverClipLine> before = activationPlot().lines();
  QComboBox* observer = view->controls()->activationObserverBox();
  observer->setCurrentIndex(observer->findData(static_cast<int>(ObserverKind::Percentile)));
  EXPECT_EQ(session.config().activationObserver.kind, ObserverKind::Percentile);
  expectLinesEqualObserveRanges();
  // The candidates depend on the statistics and the grid, not on which observer is active.
  ASSERT_EQ(activationPlot().lines().size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(activationPlot().lines()[i].range, before[i].range);

  // A signed 8-bit grid changes what the grid-aware observers choose.
  QComboBox* dtype = view->controls()->activationDtypeBox();
  dtype->setCurrentIndex(dtype->findData(QStringLiteral("int8")));
  EXPECT_EQ(session.config().activationScheme->dtype, QuantDtype::Int8);
  expectLinesEqualObserveRanges();
}

TEST_F(DemoPlotsTest, WeightPlotsShowTheLayersWeightsAndCodes) {
  const Tensor& weight = *session.model()->prepared.initializer(layer().weight);
  const WeightQuant& quant = *session.state()->layers[0].weight;
  WeightHistogramPlot& weights = *view->plots()->weightPlot();
  EXPECT_DOUBLE_EQ(weights.fp32Histogram().total(), static_cast<double>(weight.numel()));
  EXPECT_DOUBLE_EQ(weights.dequantizedHistogram().total(), static_cast<double>(weight.numel()));
  EXPECT_EQ(weights.fp32Histogram().counts,
            makeHistogram(weight.values<float>(), weights.fp32Histogram().lo, weights.fp32Histogram().hi,
                          static_cast<int>(weights.fp32Histogram().counts.size()))
                .counts);

  // One bar per int8 code, each counting the core's quantize() results.
  std::vector<int32_t> codes(static_cast<size_t>(weight.numel()));
  quantize(weight.values<float>(), weight.shape(), quant.qparams, codes);
  CodeHistogramPlot& codePlot = *view->plots()->codePlot();
  ASSERT_EQ(codePlot.histogram().counts.size(), 256u);
  for (const int32_t code : {-128, -1, 0, 5, 127})
    EXPECT_EQ(codePlot.histogram().counts[static_cast<size_t>(code + 128)],
              static_cast<double>(std::count(codes.begin(), codes.end(), code)))
        << "code " << code;

  ChannelRangePlot& channels = *view->plots()->channelPlot();
  ASSERT_EQ(channels.ranges().size(), static_cast<size_t>(weight.dim(0)));
  for (size_t c = 0; c < channels.ranges().size(); ++c)
    EXPECT_EQ(channels.ranges().scaleMax[c], quant.qparams.scales[c]);
}

TEST_F(DemoPlotsTest, PerTensorGranularityGivesEveryChannelOneGrid) {
  QComboBox* granularity = view->controls()->granularityBox();
  granularity->setCurrentIndex(granularity->findData(static_cast<int>(GranularityKind::PerTensor)));
  const ChannelRanges& ranges = view->plots()->channelPlot()->ranges();
  const float scale = session.state()->layers[0].weight->qparams.scales.at(0);
  for (size_t c = 0; c < ranges.size(); ++c) {
    EXPECT_EQ(ranges.scaleMax[c], scale);
    EXPECT_EQ(ranges.grid[c], ranges.grid[0]);
  }
}

TEST_F(DemoPlotsTest, TheSqnrPlotShowsEveryLayer) {
  const SqnrSeries& series = view->plots()->sqnrPlot()->series();
  const QuantPlan& plan = session.model()->plan;
  ASSERT_EQ(series.layers.size(), static_cast<qsizetype>(plan.layers.size()));
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    EXPECT_EQ(series.weight[i], session.state()->layers[i].weight->error.sqnrDb);
    EXPECT_EQ(series.accumulated[i], session.layerError(plan.layers[i].name)->accumulated.sqnrDb);
  }
  EXPECT_EQ(SqnrPlot::shortName("/res_a/res_a.0/Conv"), "res_a.0/Conv");
  EXPECT_EQ(SqnrPlot::shortName("fc"), "fc");
}

TEST_F(DemoPlotsTest, EveryPlotExportsAsPngSvgAndPdfAndRendersIntoAPainter) {
  QTemporaryDir dir;
  for (PlotBase* plot : view->plots()->plots()) {
    for (const char* suffix : {"png", "svg", "pdf"}) {
      const QString path = dir.filePath(QStringLiteral("plot.%1").arg(suffix));
      ASSERT_TRUE(plot->exportTo(path, QSize(640, 400))) << plot->title().toStdString() << " " << suffix;
      QFile file(path);
      ASSERT_TRUE(file.open(QIODevice::ReadOnly));
      const QByteArray head = file.read(512);
      const QByteArray expected = QByteArray(suffix) == "png"   ? QByteArray("\x89PNG")
                                  : QByteArray(suffix) == "pdf" ? QByteArray("%PDF")
                                                                : QByteArray("<svg");
      EXPECT_TRUE(head.contains(expected)) << plot->title().toStdString() << " " << suffix;
    }
    QImage image(600, 400, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    {
      QPainter painter(&image);
      plot->render(painter, QRectF(0, 0, 600, 400));
    }
    int painted = 0;
    for (int y = 0; y < image.height(); y += 4)
      for (int x = 0; x < image.width(); x += 4) painted += qAlpha(image.pixel(x, y)) != 0;
    EXPECT_GT(painted, 100) << plot->title().toStdString();
  }
  EXPECT_FALSE(view->plots()->weightPlot()->exportTo(dir.filePath("plot.bmp")));
}
