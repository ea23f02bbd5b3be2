// Integer code histogram plot.
#include "ui/plots/code_histogram_plot.h"

#include <algorithm>

#include "core/quant/quant_dtype.h"
#include "core/quant/quantize.h"

namespace quantlens::ui {

QuantRange codeRange(const QuantScheme& scheme) {
  if (isIntegerDtype(scheme.dtype)) return scheme.saturationRange();
  if (isFloat8Dtype(scheme.dtype)) return {0, 255};
  return {0, 15};  // NF4
}

CodeHistogramPlot::CodeHistogramPlot(QWidget* parent) : PlotBase(tr("Weight integer codes"), parent) {
  setAxisLabels(tr("integer code"), tr("weights"));
}

void CodeHistogramPlot::setQuantizedWeight(const Tensor& weight, const QParams& qparams) {
  std::vector<int32_t> codes(static_cast<size_t>(weight.numel()));
  quantize(weight.values<float>(), weight.shape(), qparams, codes);
  const QuantRange range = codeRange(qparams.scheme);
  setCodes(codes, range.min, range.max,
           QString::fromStdString(quantDtypeName(qparams.scheme.dtype, qparams.scheme.bits)));
}

void CodeHistogramPlot::setCodes(std::span<const int32_t> codes, int32_t codeMin, int32_t codeMax,
                                 const QString& format) {
  if (codes.empty() || codeMin >= codeMax) {
    showMessage(tr("No integer codes"));
    return;
  }
  const int64_t levels = int64_t{codeMax} - codeMin + 1;
  Histogram perCode{codeMin - 0.5, codeMax + 0.5, std::vector<double>(static_cast<size_t>(levels), 0.0)};
  int64_t saturated = 0;
  for (const int32_t code : codes) {
    perCode.counts[static_cast<size_t>(std::clamp(code, codeMin, codeMax) - codeMin)] += 1.0;
    saturated += code <= codeMin || code >= codeMax;
  }
  m_levelsUsed =
      static_cast<int>(std::count_if(perCode.counts.begin(), perCode.counts.end(), [](double c) { return c > 0; }));
  m_histogram = mergeBins(perCode, static_cast<int>((levels + kMaxBars - 1) / kMaxBars));
  setupBars(format, codeMin, codeMax, saturated, codes.size());
}

void CodeHistogramPlot::setupBars(const QString& format, int32_t codeMin, int32_t codeMax, int64_t saturated,
                                  size_t total) {
  clearAll();
  auto* bars = new QCPBars(xAxis, yAxis);
  bars->setName(format);
  bars->setWidth(m_histogram.binWidth() * 0.85);
  bars->setPen(Qt::NoPen);
  bars->setBrush(kQuantizedColour);
  double top = 0.0;
  for (size_t i = 0; i < m_histogram.counts.size(); ++i) {
    bars->addData(m_histogram.center(i), m_histogram.counts[i]);
    top = std::max(top, m_histogram.counts[i]);
  }
  // The ends of the code range, where clipped weights pile up.
  for (const int32_t end : {codeMin, codeMax}) {
    auto* line = new QCPItemStraightLine(this);
    line->point1->setCoords(end, 0);
    line->point2->setCoords(end, 1);
    line->setPen(QPen(QColor(0x90, 0x90, 0x90), 1, Qt::DashLine));
  }
  auto* note = new QCPItemText(this);
  note->position->setType(QCPItemPosition::ptAxisRectRatio);
  note->position->setCoords(0.98, 0.04);
  note->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
  note->setTextAlignment(Qt::AlignRight);
  note->setText(tr("%1: %2 of %3 levels used\n%4 % at the range ends")
                    .arg(format)
                    .arg(m_levelsUsed)
                    .arg(int64_t{codeMax} - codeMin + 1)
                    .arg(100.0 * static_cast<double>(saturated) / static_cast<double>(total), 0, 'f', 2));
  note->setBrush(QColor(255, 255, 255, 220));
  note->setPadding(QMargins(4, 2, 4, 2));
  // Integer ticks: codes have no fractions.
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1.0);
  ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  ticker->setTickCount(6);
  xAxis->setTicker(ticker);
  const double margin = std::max(1.0, (codeMax - codeMin) * 0.03);
  xAxis->setRange(codeMin - margin, codeMax + margin);
  yAxis->setRange(0, top * 1.25 + 1);
  storeHomeView();
  replot();
}

QString CodeHistogramPlot::toolTipAt(const QPointF& pos) const {
  if (m_histogram.counts.empty() || !message().isEmpty()) return {};
  const double x = xAxis->pixelToCoord(pos.x());
  if (x < m_histogram.lo || x > m_histogram.hi) return {};
  const size_t bin = m_histogram.binOf(x);
  if (m_histogram.binWidth() <= 1.0)
    return tr("code %1: %2 weights").arg(std::lround(m_histogram.center(bin))).arg(m_histogram.counts[bin]);
  const double left = m_histogram.left(bin);
  return tr("codes %1 … %2: %3 weights")
      .arg(std::lround(left + 0.5))
      .arg(std::lround(left + m_histogram.binWidth() - 0.5))
      .arg(m_histogram.counts[bin]);
}

}  // namespace quantlens::ui
