// Plot (e): weight SQNR and output SQNR (isolated and accumulated) of every quantized layer in graph
// order, the selected layer marked: where along the model the error comes from.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "ui/plots/plot_base.h"

namespace quantlens::ui {

struct SqnrSeries {
  QStringList layers;
  std::vector<double> weight;  // dB per layer; NaN when unknown (kept float, not evaluated yet)
  std::vector<double> isolated;
  std::vector<double> accumulated;
};

class SqnrPlot : public PlotBase {
  Q_OBJECT

public:
  static constexpr double kInfiniteDb = 100.0;  // where an exact copy (SQNR +inf) is drawn

  explicit SqnrPlot(QWidget* parent = nullptr);

  // `stale`: the activation series are from an older configuration (drawn faded).
  void setSeries(SqnrSeries series, int selected, bool stale);
  const SqnrSeries& series() const { return m_series; }

  // "stem.0/Conv" from "/stem/stem.0/Conv": the end of a layer name, for tick labels.
  static QString shortName(const QString& layer);

signals:
  void layerClicked(int layer);

protected:
  QString toolTipAt(const QPointF& pos) const override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

private:
  void setupBars(int selected, bool stale);

  SqnrSeries m_series;
  QPoint m_pressPos;
};

}  // namespace quantlens::ui
