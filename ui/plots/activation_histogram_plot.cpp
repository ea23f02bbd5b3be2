// Activation histogram plot.
#include "ui/plots/activation_histogram_plot.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/observer_factory.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens::ui {

namespace {

constexpr ObserverKind kObservers[] = {ObserverKind::MinMax,     ObserverKind::MovingAverage, ObserverKind::Histogram,
                                       ObserverKind::Percentile, ObserverKind::Entropy,       ObserverKind::Mse};
constexpr double kFloor = 0.5;  // empty bins sit here, below one count, on the log axis

QString observerName(ObserverKind kind) { return QString::fromLatin1(observerKindName(kind)); }

Histogram toHistogram(const TorchHistogram& torch) {
  const std::span<const float> counts = torch.counts();
  Histogram h{torch.min(), torch.max(), std::vector<double>(counts.begin(), counts.end())};
  if (!(h.lo < h.hi)) h.hi = h.lo + 1.0;  // a constant tensor: one bin of width 1
  const int factor =
      static_cast<int>((counts.size() + ActivationHistogramPlot::kMaxBins - 1) / ActivationHistogramPlot::kMaxBins);
  return mergeBins(h, factor);
}

}  // namespace

std::vector<ObserverClipLine> observerClipLines(const TensorStatistics& statistics, const QuantConfig& config) {
  const QuantScheme scheme = config.activationScheme.value_or(*QuantConfig::defaults().activationScheme);
  const Histogram histogram =
      statistics.torchHistogram().empty() ? Histogram{} : toHistogram(statistics.torchHistogram());
  std::vector<ObserverClipLine> lines;
  for (const ObserverKind kind : kObservers) {
    ObserverSettings settings = config.activationObserver;
    settings.kind = kind;
    try {
      const std::vector<ClipRange> ranges = observeRanges(statistics, activationObserverFor(settings, scheme));
      if (ranges.size() != 1 || !ranges.front().observed()) continue;
      ObserverClipLine line{kind, ranges.front(), 0.0};
      if (!histogram.counts.empty()) line.clippedFraction = fractionOutside(histogram, line.range.min, line.range.max);
      lines.push_back(line);
    } catch (const Error&) {
      // e.g. a percentile out of range for this observer: the others still show.
    }
  }
  return lines;
}

QColor ActivationHistogramPlot::observerColour(ObserverKind kind) {
  switch (kind) {
    case ObserverKind::MinMax: return {0x4C, 0x78, 0xA8};
    case ObserverKind::MovingAverage: return {0x72, 0xB7, 0xB2};
    case ObserverKind::Histogram: return {0xB2, 0x79, 0xA2};
    case ObserverKind::Percentile: return {0x54, 0xA2, 0x4B};
    case ObserverKind::Entropy: return {0x9D, 0x75, 0x5D};
    case ObserverKind::Mse: return {0xF5, 0x85, 0x18};
  }
  return Qt::gray;
}

ActivationHistogramPlot::ActivationHistogramPlot(QWidget* parent)
    : PlotBase(tr("Activation histogram and observer clip ranges"), parent) {
  setAxisLabels(tr("activation value"), tr("count (log scale)"));
}

void ActivationHistogramPlot::setHistogram(const TorchHistogram& histogram, std::vector<ObserverClipLine> lines,
                                           std::optional<ObserverKind> active, const QString& tensor) {
  m_lines = std::move(lines);
  m_active = active;
  if (histogram.empty()) {
    m_histogram = {};
    showMessage(tr("'%1' saw no finite value during calibration").arg(tensor));
    return;
  }
  m_histogram = toHistogram(histogram);
  setupHistogram(tensor);
}

void ActivationHistogramPlot::setupHistogram(const QString& tensor) {
  clearAll();
  auto* graph = new QCPGraph(xAxis, yAxis);
  graph->setName(tensor);
  graph->setLineStyle(QCPGraph::lsStepCenter);
  graph->setPen(QPen(kFp32Colour.darker(115), 1));
  graph->setBrush(QColor(kFp32Colour.red(), kFp32Colour.green(), kFp32Colour.blue(), 90));
  double top = 1.0;
  for (size_t i = 0; i < m_histogram.counts.size(); ++i) {
    graph->addData(m_histogram.center(i), std::max(kFloor, m_histogram.counts[i]));
    top = std::max(top, m_histogram.counts[i]);
  }
  yAxis->setScaleType(QCPAxis::stLogarithmic);
  QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
  yAxis->setTicker(ticker);
  yAxis->setNumberFormat(QStringLiteral("eb"));
  yAxis->setNumberPrecision(0);

  double lo = m_histogram.lo, hi = m_histogram.hi;
  for (const ObserverClipLine& line : m_lines)
    lo = std::min<double>(lo, line.range.min), hi = std::max<double>(hi, line.range.max);
  const double pad = (hi - lo) * 0.04;
  xAxis->setRange(lo - pad, hi + pad);
  yAxis->setRange(kFloor, top * 40.0);  // headroom for the labels
  addLines();

  const auto active = std::find_if(m_lines.begin(), m_lines.end(),
                                   [this](const ObserverClipLine& l) { return m_active && l.kind == *m_active; });
  if (active != m_lines.end())
    setSubtitle(tr("%1 observer clips %2 % of the values to [%3, %4]")
                    .arg(observerName(active->kind))
                    .arg(100.0 * active->clippedFraction, 0, 'g', 3)
                    .arg(active->range.min, 0, 'g', 4)
                    .arg(active->range.max, 0, 'g', 4));
  else
    setSubtitle(tr("activations stay float: nothing is clipped"));
  storeHomeView();
  replot();
}

void ActivationHistogramPlot::addLines() {
  // The inactive observers first, the active one drawn last (on top) with its label in the first row.
  std::vector<const ObserverClipLine*> order;
  for (const ObserverClipLine& line : m_lines)
    if (!m_active || line.kind != *m_active) order.push_back(&line);
  std::sort(order.begin(), order.end(),
            [](const ObserverClipLine* a, const ObserverClipLine* b) { return a->range.max < b->range.max; });
  for (const ObserverClipLine& line : m_lines)
    if (m_active && line.kind == *m_active) order.insert(order.begin(), &line);
  m_labels.clear();
  for (const ObserverClipLine* line : order) addLine(*line);
  placeLabels();
}

void ActivationHistogramPlot::updateLayout() {
  PlotBase::updateLayout();
  placeLabels();
}

void ActivationHistogramPlot::placeLabels() {
  // Labels sit at the max line, each in the first row where it overlaps no other label.
  std::vector<std::vector<std::pair<double, double>>> rows;  // pixel spans taken per row
  const double left = axisRect()->left(), right = axisRect()->right();
  for (const Label& label : m_labels) {
    if (!label.item) continue;
    const double x = xAxis->coordToPixel(label.x);
    const double width = QFontMetricsF(label.item->font()).horizontalAdvance(label.item->text()) + 10;
    bool leftOfLine = x > (left + right) / 2;
    if (leftOfLine && x - width < left) leftOfLine = false;
    if (!leftOfLine && x + width > right && x - width >= left) leftOfLine = true;
    const std::pair<double, double> span = leftOfLine ? std::pair(x - width, x) : std::pair(x, x + width);
    size_t row = label.active ? 0 : 1;
    for (;; ++row) {
      if (row >= rows.size()) rows.resize(row + 1);
      const bool free = std::none_of(rows[row].begin(), rows[row].end(), [&](const std::pair<double, double>& taken) {
        return span.first < taken.second && taken.first < span.second;
      });
      if (free) break;
    }
    rows[row].push_back(span);
    label.item->position->setCoords(label.x, 0.06 + 0.075 * static_cast<double>(row));
    label.item->setPositionAlignment((leftOfLine ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
  }
}

QString ActivationHistogramPlot::labelText(const ObserverClipLine& line) {
  return QStringLiteral("%1 %2").arg(observerName(line.kind)).arg(line.range.max, 0, 'g', 3);
}

void ActivationHistogramPlot::addLine(const ObserverClipLine& line) {
  const bool active = m_active && line.kind == *m_active;
  const QColor colour = active ? kHighlightColour : observerColour(line.kind);
  const QPen pen = active ? QPen(colour, 2.4) : QPen(colour, 1.3, Qt::DashLine);
  for (const float x : {line.range.min, line.range.max}) {
    auto* straight = new QCPItemStraightLine(this);
    straight->point1->setCoords(x, 1);
    straight->point2->setCoords(x, 10);
    straight->setPen(pen);
  }
  auto* label = new QCPItemText(this);
  label->position->setTypeX(QCPItemPosition::ptPlotCoords);
  label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  label->setText(labelText(line));
  label->setColor(colour.darker(active ? 110 : 140));
  label->setPadding(QMargins(4, 0, 4, 0));
  QFont font = xAxis->tickLabelFont();
  font.setBold(active);
  label->setFont(font);
  label->setBrush(QColor(255, 255, 255, 200));
  m_labels.push_back({label, line.range.max, active});
}

QString ActivationHistogramPlot::toolTipAt(const QPointF& pos) const {
  if (m_histogram.counts.empty() || !message().isEmpty()) return {};
  for (const ObserverClipLine& line : m_lines)
    for (const float x : {line.range.min, line.range.max})
      if (std::abs(xAxis->coordToPixel(x) - pos.x()) <= 3.0)
        return tr("%1 observer: clip range [%2, %3], clips %4 % of the values")
            .arg(observerName(line.kind))
            .arg(line.range.min, 0, 'g', 5)
            .arg(line.range.max, 0, 'g', 5)
            .arg(100.0 * line.clippedFraction, 0, 'g', 3);
  const double x = xAxis->pixelToCoord(pos.x());
  if (x < m_histogram.lo || x > m_histogram.hi) return {};
  const size_t bin = m_histogram.binOf(x);
  const double left = m_histogram.left(bin);
  return tr("[%1, %2): %3 values")
      .arg(left, 0, 'g', 4)
      .arg(left + m_histogram.binWidth(), 0, 'g', 4)
      .arg(m_histogram.counts[bin], 0, 'f', 0);
}

}  // namespace quantlens::ui
