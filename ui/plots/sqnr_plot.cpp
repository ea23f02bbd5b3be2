// Per-layer SQNR plot.
#include "ui/plots/sqnr_plot.h"

#include <algorithm>
#include <cmath>

#include "ui/number_format.h"

namespace quantlens::ui {

namespace {

constexpr int kMaxTickLabel = 18;

QCPBars* addBars(QCPAxis* x, QCPAxis* y, QCPBarsGroup* group, const std::vector<double>& values, const QColor& colour,
                 const QString& name) {
  auto* bars = new QCPBars(x, y);
  bars->setName(name);
  bars->setWidth(0.26);
  bars->setPen(Qt::NoPen);
  bars->setBrush(colour);
  bars->setBarsGroup(group);
  for (size_t i = 0; i < values.size(); ++i)
    if (!std::isnan(values[i])) bars->addData(static_cast<double>(i), std::min(values[i], SqnrPlot::kInfiniteDb));
  return bars;
}

}  // namespace

SqnrPlot::SqnrPlot(QWidget* parent) : PlotBase(tr("SQNR per layer"), parent) {
  setAxisLabels(QString(), tr("SQNR (dB)"));
  placeLegendAboveAxes();
}

QString SqnrPlot::shortName(const QString& layer) {
  const QStringList parts = layer.split(u'/', Qt::SkipEmptyParts);
  QString name = parts.size() >= 2 ? parts[parts.size() - 2] + u'/' + parts.back() : parts.value(0, layer);
  if (name.size() > kMaxTickLabel) name = name.left(kMaxTickLabel - 1) + QStringLiteral("…");
  return name;
}

void SqnrPlot::setSeries(SqnrSeries series, int selected, bool stale) {
  m_series = std::move(series);
  if (m_series.layers.isEmpty()) {
    showMessage(tr("No quantized layers"));
    return;
  }
  setupBars(selected, stale);
}

void SqnrPlot::setupBars(int selected, bool stale) {
  clearAll();
  const int alpha = stale ? 90 : 255;
  auto* group = new QCPBarsGroup(this);
  group->setSpacingType(QCPBarsGroup::stAbsolute);
  group->setSpacing(1);
  addBars(xAxis, yAxis, group, m_series.weight, kFp32Colour, tr("weight"));
  QColor isolated(0x54, 0xA2, 0x4B, alpha), accumulated(0xE4, 0x57, 0x56, alpha);
  addBars(xAxis, yAxis, group, m_series.isolated, isolated, stale ? tr("isolated (updating…)") : tr("output isolated"));
  addBars(xAxis, yAxis, group, m_series.accumulated, accumulated,
          stale ? tr("accumulated (updating…)") : tr("output accumulated"));

  if (selected >= 0 && selected < m_series.layers.size()) {
    auto* band = new QCPItemRect(this);
    band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    band->topLeft->setCoords(selected - 0.48, 0);
    band->bottomRight->setCoords(selected + 0.48, 1);
    band->setPen(Qt::NoPen);
    band->setBrush(QColor(0xFF, 0xD7, 0x00, 70));
    band->setLayer(QStringLiteral("background"));
  }

  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int i = 0; i < m_series.layers.size(); ++i) ticker->addTick(i, shortName(m_series.layers[i]));
  xAxis->setTicker(ticker);
  xAxis->setTickLabelRotation(m_series.layers.size() > 6 ? 30 : 0);
  xAxis->grid()->setVisible(false);

  double top = 10.0;
  for (const auto* values : {&m_series.weight, &m_series.isolated, &m_series.accumulated})
    for (const double v : *values)
      if (!std::isnan(v)) top = std::max(top, std::min(v, kInfiniteDb));
  xAxis->setRange(-0.6, m_series.layers.size() - 0.4);
  yAxis->setRange(0, top * 1.1);
  legend->setVisible(true);
  storeHomeView();
  replot();
}

QString SqnrPlot::toolTipAt(const QPointF& pos) const {
  if (m_series.layers.isEmpty() || !message().isEmpty()) return {};
  const long i = std::lround(xAxis->pixelToCoord(pos.x()));
  if (i < 0 || i >= m_series.layers.size()) return {};
  const size_t row = static_cast<size_t>(i);
  const auto text = [](double db) { return std::isnan(db) ? QStringLiteral("—") : formatDb(db); };
  return tr("%1\nweight %2\noutput isolated %3\noutput accumulated %4\n(click to select)")
      .arg(m_series.layers[static_cast<int>(i)], text(m_series.weight[row]), text(m_series.isolated[row]),
           text(m_series.accumulated[row]));
}

void SqnrPlot::mousePressEvent(QMouseEvent* event) {
  m_pressPos = event->pos();
  PlotBase::mousePressEvent(event);
}

void SqnrPlot::mouseReleaseEvent(QMouseEvent* event) {
  PlotBase::mouseReleaseEvent(event);
  if (event->button() != Qt::LeftButton || (event->pos() - m_pressPos).manhattanLength() > 3) return;  // a drag
  const long i = std::lround(xAxis->pixelToCoord(event->pos().x()));
  if (axisRect()->rect().contains(event->pos()) && i >= 0 && i < m_series.layers.size())
    emit layerClicked(static_cast<int>(i));
}

}  // namespace quantlens::ui
