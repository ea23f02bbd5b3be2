// Per-channel range plot.
#include "ui/plots/channel_range_plot.h"

#include <algorithm>
#include <cmath>

namespace quantlens::ui {

namespace {

// Vertical bars from min to max at each channel: a candlestick whose body runs from open to close.
QCPFinancial* rangeBars(QCPAxis* x, QCPAxis* y, const std::vector<ClipRange>& ranges, double width,
                        const QColor& colour, const QString& name) {
  auto* bars = new QCPFinancial(x, y);
  bars->setName(name);
  bars->setChartStyle(QCPFinancial::csCandlestick);
  bars->setTwoColored(false);
  bars->setWidth(width);
  bars->setBrush(colour);
  bars->setPen(Qt::NoPen);
  for (size_t c = 0; c < ranges.size(); ++c)
    if (ranges[c].observed())
      bars->addData(static_cast<double>(c), ranges[c].min, ranges[c].max, ranges[c].min, ranges[c].max);
  return bars;
}

QCPGraph* scaleDots(QCPAxis* x, QCPAxis* y, const std::vector<float>& scales, QCPScatterStyle style,
                    const QString& name) {
  auto* dots = new QCPGraph(x, y);
  dots->setName(name);
  dots->setLineStyle(QCPGraph::lsNone);
  dots->setScatterStyle(style);
  for (size_t c = 0; c < scales.size(); ++c) dots->addData(static_cast<double>(c), scales[c]);
  return dots;
}

}  // namespace

ChannelRangePlot::ChannelRangePlot(QWidget* parent) : PlotBase(tr("Channel ranges and scales"), parent) {
  setAxisLabels(tr("output channel"), tr("weight value"));
  yAxis2->setLabel(tr("scale (dots)"));
  placeLegendAboveAxes();
}

void ChannelRangePlot::setRanges(ChannelRanges ranges, const QString& granularity) {
  m_ranges = std::move(ranges);
  if (m_ranges.size() == 0) {
    showMessage(tr("No channels"));
    return;
  }
  setupBars(granularity);
}

void ChannelRangePlot::setupBars(const QString& granularity) {
  clearAll();
  const QColor gridColour(kQuantizedColour.red(), kQuantizedColour.green(), kQuantizedColour.blue(), 70);
  rangeBars(xAxis, yAxis, m_ranges.grid, 0.8, gridColour, tr("grid (%1)").arg(granularity));
  rangeBars(xAxis, yAxis, m_ranges.weight, 0.32, kFp32Colour, tr("FP32 weights"));
  const QColor scaleColour(0x3B, 0x3B, 0x3B);
  scaleDots(xAxis, yAxis2, m_ranges.scaleMax, QCPScatterStyle(QCPScatterStyle::ssCircle, scaleColour, scaleColour, 5),
            m_ranges.scaleMin == m_ranges.scaleMax ? tr("scale") : tr("largest scale"));
  if (m_ranges.scaleMin != m_ranges.scaleMax)
    scaleDots(xAxis, yAxis2, m_ranges.scaleMin, QCPScatterStyle(QCPScatterStyle::ssCircle, scaleColour, 5),
              tr("smallest scale"));
  yAxis2->setVisible(true);
  yAxis2->setTickLabelFont(xAxis->tickLabelFont());

  double lo = 0.0, hi = 0.0, scaleTop = 0.0;
  for (size_t c = 0; c < m_ranges.size(); ++c) {
    for (const ClipRange& r : {m_ranges.weight[c], m_ranges.grid[c]})
      if (r.observed() && std::isfinite(r.min) && std::isfinite(r.max))
        lo = std::min<double>(lo, r.min), hi = std::max<double>(hi, r.max);
    if (std::isfinite(m_ranges.scaleMax[c])) scaleTop = std::max<double>(scaleTop, m_ranges.scaleMax[c]);
  }
  const double pad = (hi - lo) * 0.06 + 1e-12;
  xAxis->setRange(-0.7, static_cast<double>(m_ranges.size()) - 0.3);
  if (m_ranges.size() <= 32) {
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(m_ranges.size() <= 16 ? 1.0 : 2.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    xAxis->setTicker(ticker);
  }
  yAxis->setRange(lo - pad, hi + pad * 3);
  yAxis2->setRange(0, scaleTop * 1.25 + 1e-12);
  legend->setVisible(true);
  // How much of its grid a channel's weights span, on average: low values mean few levels in use.
  double used = 0.0;
  for (size_t c = 0; c < m_ranges.size(); ++c) {
    const ClipRange& w = m_ranges.weight[c];
    const ClipRange& g = m_ranges.grid[c];
    if (g.max > g.min) used += (static_cast<double>(w.max) - w.min) / (static_cast<double>(g.max) - g.min);
  }
  setSubtitle(tr("the weights of a channel span %1 % of its grid on average")
                  .arg(100.0 * used / static_cast<double>(m_ranges.size()), 0, 'f', 0));
  storeHomeView();
  replot();
}

QString ChannelRangePlot::toolTipAt(const QPointF& pos) const {
  if (m_ranges.size() == 0 || !message().isEmpty()) return {};
  const long c = std::lround(xAxis->pixelToCoord(pos.x()));
  if (c < 0 || c >= static_cast<long>(m_ranges.size())) return {};
  const size_t i = static_cast<size_t>(c);
  const ClipRange& w = m_ranges.weight[i];
  const ClipRange& g = m_ranges.grid[i];
  const double used =
      (g.max > g.min) ? (static_cast<double>(w.max) - w.min) / (static_cast<double>(g.max) - g.min) : 0.0;
  QString scale = QString::number(m_ranges.scaleMax[i], 'g', 4);
  if (m_ranges.scaleMin[i] != m_ranges.scaleMax[i])
    scale = QStringLiteral("%1 … %2").arg(m_ranges.scaleMin[i], 0, 'g', 4).arg(m_ranges.scaleMax[i], 0, 'g', 4);
  return tr("channel %1\nweights [%2, %3]\ngrid [%4, %5]\nscale %6\nthe weights span %7 % of the grid")
      .arg(c)
      .arg(w.min, 0, 'g', 4)
      .arg(w.max, 0, 'g', 4)
      .arg(g.min, 0, 'g', 4)
      .arg(g.max, 0, 'g', 4)
      .arg(scale)
      .arg(100.0 * used, 0, 'f', 1);
}

}  // namespace quantlens::ui
