// The activation histogram's observer labels on the demo's worst layer (pw.0, whose clip ranges crowd
// the right end of the axis): every label stays inside the axis rect at whatever size the plot is
// drawn — on screen after a resize, and when rendered into a painter (export, the PDF report) at a
// size other than the widget's.
#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <algorithm>

#include "core/quant/activation_quantization.h"
#include "tests/ui/demo_session.h"
#include "ui/plots/activation_histogram_plot.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

namespace {

// Each observer label's horizontal pixel span, for the layout the plot was last drawn with.
std::vector<std::pair<double, double>> labelSpans(ActivationHistogramPlot& plot) {
  std::vector<std::pair<double, double>> spans;
  for (int i = 0; i < plot.itemCount(); ++i)
    if (auto* label = qobject_cast<QCPItemText*>(plot.item(i)))
      spans.emplace_back(label->left->pixelPosition().x(), label->right->pixelPosition().x());
  return spans;
}

void expectInsideAxisRect(ActivationHistogramPlot& plot, const std::string& where) {
  const std::vector<std::pair<double, double>> spans = labelSpans(plot);
  EXPECT_EQ(spans.size(), plot.lines().size()) << where;
  const QRect rect = plot.axisRect()->rect();
  for (const auto& [left, right] : spans) {
    EXPECT_GE(left, rect.left() - 1.0) << where;
    EXPECT_LE(right, rect.right() + 1.0) << where;
  }
}

TEST(ActivationLabelLayout, LabelsStayInsideTheAxisRectAtEverySize) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  const QuantPlan& plan = session.model()->plan;
  const auto layer = std::find_if(plan.layers.begin(), plan.layers.end(),
                                  [](const QuantizedLayer& l) { return l.name == "/pw/pw.0/Conv"; });
  ASSERT_NE(layer, plan.layers.end());
  const std::string source = qparamsSource(plan, layer->output);
  const TensorStatistics& statistics = session.calibration()->statistics.at(source);

  ActivationHistogramPlot plot;
  plot.resize(300, 200);  // set up at one size…
  plot.setHistogram(statistics.torchHistogram(), observerClipLines(statistics, session.config()),
                    session.config().activationObserver.kind, QString::fromStdString(source));
  ASSERT_EQ(plot.lines().size(), 6u);
  // The demo's clip maxima sit in the right fifth of the axis, where labels run out of room.
  for (const ObserverClipLine& line : plot.lines()) EXPECT_GT(line.range.max, 0.7 * plot.histogram().hi);

  // …drawn at others: into a painter as the report does, and on screen after resizes.
  for (const QSize size : {QSize(690, 300), QSize(420, 260), QSize(1200, 420)}) {
    QImage image(size, QImage::Format_ARGB32);
    QPainter painter(&image);
    plot.render(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    expectInsideAxisRect(plot, "rendered at " + std::to_string(size.width()) + "x" + std::to_string(size.height()));
  }
  for (const QSize size : {QSize(690, 300), QSize(500, 240)}) {
    plot.resize(size);
    plot.replot();
    expectInsideAxisRect(plot, "resized to " + std::to_string(size.width()) + "x" + std::to_string(size.height()));
  }
}

}  // namespace
