// Weight histogram plot.
#include "ui/plots/weight_histogram_plot.h"

#include <algorithm>
#include <cmath>

#include "ui/number_format.h"

namespace quantlens::ui {

namespace {

// Enough bins to show the shape of a few hundred weights without gaps, more for large layers.
int binCount(size_t values) {
  return std::clamp(static_cast<int>(2.0 * std::sqrt(static_cast<double>(values))), 24, 160);
}

}  // namespace

WeightHistogramPlot::WeightHistogramPlot(QWidget* parent) : PlotBase(tr("Weights: FP32 vs dequantized"), parent) {
  setAxisLabels(tr("weight value"), tr("weights per bin"));
  placeLegendAboveAxes();
}

void WeightHistogramPlot::setWeights(std::span<const float> weights, std::span<const float> dequantized, double sqnrDb,
                                     const QString& layer) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto values : {weights, dequantized})
    for (const float v : values)
      if (std::isfinite(v)) lo = std::min<double>(lo, v), hi = std::max<double>(hi, v);
  if (!(lo < hi)) {
    showMessage(tr("%1: no weight values to plot").arg(layer));
    return;
  }
  const int bins = binCount(weights.size());
  m_fp32 = makeHistogram(weights, lo, hi, bins);
  m_dequantized = makeHistogram(dequantized, lo, hi, bins);
  setupBars(sqnrDb);
}

void WeightHistogramPlot::setupBars(double sqnrDb) {
  clearAll();
  auto* fp32 = new QCPBars(xAxis, yAxis);
  fp32->setName(tr("FP32"));
  fp32->setWidth(m_fp32.binWidth());
  fp32->setPen(Qt::NoPen);
  fp32->setBrush(QColor(kFp32Colour.red(), kFp32Colour.green(), kFp32Colour.blue(), 150));
  auto* dequantized = new QCPGraph(xAxis, yAxis);
  dequantized->setName(tr("dequantized"));
  dequantized->setLineStyle(QCPGraph::lsStepCenter);
  dequantized->setPen(QPen(kQuantizedColour, 1.6));
  double top = 0.0;
  for (size_t i = 0; i < m_fp32.counts.size(); ++i) {
    fp32->addData(m_fp32.center(i), m_fp32.counts[i]);
    dequantized->addData(m_dequantized.center(i), m_dequantized.counts[i]);
    top = std::max({top, m_fp32.counts[i], m_dequantized.counts[i]});
  }
  legend->setVisible(true);
  setSubtitle(tr("weight SQNR %1").arg(formatDb(sqnrDb)));
  xAxis->setRange(m_fp32.lo - m_fp32.binWidth(), m_fp32.hi + m_fp32.binWidth());
  yAxis->setRange(0, top * 1.08 + 1);
  storeHomeView();
  replot();
}

QString WeightHistogramPlot::toolTipAt(const QPointF& pos) const {
  if (m_fp32.counts.empty() || !message().isEmpty()) return {};
  const double x = xAxis->pixelToCoord(pos.x());
  if (x < m_fp32.lo || x > m_fp32.hi) return {};
  const size_t bin = m_fp32.binOf(x);
  const double left = m_fp32.left(bin);
  return tr("[%1, %2): FP32 %3, dequantized %4")
      .arg(left, 0, 'g', 4)
      .arg(left + m_fp32.binWidth(), 0, 'g', 4)
      .arg(m_fp32.counts[bin])
      .arg(m_dequantized.counts[bin]);
}

}  // namespace quantlens::ui
