// Training curve plot.
#include "ui/qat/training_curve_plot.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/number_format.h"

namespace quantlens::ui {

namespace {
constexpr double kMargin = 0.06;  // of the value span, above and below the data
}  // namespace

TrainingCurvePlot::TrainingCurvePlot(const QString& title, const QString& valueLabel, QWidget* parent)
    : PlotBase(title, parent) {
  setAxisLabels(tr("epoch"), valueLabel);
  placeLegendAboveAxes();
  legend->setVisible(true);
  fitToData(1.0);
}

int TrainingCurvePlot::addSeries(const QString& name, const QColor& colour, bool markers, double width) {
  auto* graph = addGraph();
  graph->setName(name);
  graph->setPen(QPen(colour, width));
  if (markers) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 7));
  m_series.push_back(graph);
  return static_cast<int>(m_series.size()) - 1;
}

void TrainingCurvePlot::setSeriesData(int series, const QVector<double>& epochs, const QVector<double>& values) {
  m_series.at(static_cast<size_t>(series))->setData(epochs, values, true);
}

int TrainingCurvePlot::pointCount(int series) const {
  return m_series.at(static_cast<size_t>(series))->dataCount();
}

int TrainingCurvePlot::addReference(const QColor& colour) {
  Reference r;
  r.line = new QCPItemStraightLine(this);
  r.line->setPen(QPen(colour, 1.2, Qt::DashLine));
  r.label = new QCPItemText(this);
  r.label->setColor(colour);
  r.label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
  r.label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
  r.label->position->setTypeY(QCPItemPosition::ptPlotCoords);
  r.line->setVisible(false);
  r.label->setVisible(false);
  m_references.push_back(r);
  return static_cast<int>(m_references.size()) - 1;
}

void TrainingCurvePlot::setReference(int index, const QString& label, double value) {
  Reference& r = m_references.at(static_cast<size_t>(index));
  const bool visible = !label.isEmpty() && std::isfinite(value);
  r.value = value;
  r.line->setVisible(visible);
  r.label->setVisible(visible);
  if (!visible) return;
  r.line->point1->setCoords(0.0, value);
  r.line->point2->setCoords(1.0, value);
  r.label->setText(label);
  r.label->position->setCoords(0.99, value);
}

QString TrainingCurvePlot::referenceLabel(int index) const {
  const Reference& r = m_references.at(static_cast<size_t>(index));
  return r.label->visible() ? r.label->text() : QString();
}

void TrainingCurvePlot::fitToData(double epochs) {
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  double xMax = std::max(epochs, 1e-9);
  for (const QCPGraph* graph : m_series)
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
      if (!std::isfinite(it->value)) continue;
      low = std::min(low, it->value);
      high = std::max(high, it->value);
      xMax = std::max(xMax, it->key);
    }
  for (const Reference& r : m_references)
    if (r.line->visible()) {
      low = std::min(low, r.value);
      high = std::max(high, r.value);
    }
  if (!std::isfinite(low)) {
    low = 0.0;
    high = 1.0;
  }
  const double span = std::max(high - low, std::max(std::abs(high), 1.0) * 1e-3);
  xAxis->setRange(0.0, xMax);
  yAxis->setRange(low - kMargin * span, high + kMargin * span);
  storeHomeView();
  replot(QCustomPlot::rpQueuedReplot);
}

void TrainingCurvePlot::clearData() {
  for (QCPGraph* graph : m_series) graph->data()->clear();
  for (size_t i = 0; i < m_references.size(); ++i) setReference(static_cast<int>(i), {}, 0.0);
}

QString TrainingCurvePlot::toolTipAt(const QPointF& pos) const {
  const double epoch = xAxis->pixelToCoord(pos.x());
  QStringList lines;
  for (const QCPGraph* graph : m_series) {
    if (graph->dataCount() == 0) continue;
    // The point nearest in x, if it is within a few pixels.
    auto it = graph->data()->findBegin(epoch, true);
    auto best = it;
    for (int k = 0; k < 2 && it != graph->data()->constEnd(); ++k, ++it)
      if (std::abs(it->key - epoch) < std::abs(best->key - epoch)) best = it;
    if (std::abs(xAxis->coordToPixel(best->key) - pos.x()) > 12.0) continue;
    lines << tr("%1 at epoch %2: %3").arg(graph->name(), QString::number(best->key, 'f', 2), formatValue(best->value));
  }
  return lines.join(u'\n');
}

}  // namespace quantlens::ui
