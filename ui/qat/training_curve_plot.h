// A live training curve: values over epochs (fractional, one point per optimizer step or per epoch),
// with labelled horizontal reference lines (FP32 and PTQ accuracy) to judge them against.
#pragma once

#include <QColor>
#include <QString>
#include <QVector>
#include <vector>

#include "ui/plots/plot_base.h"

namespace quantlens::ui {

class TrainingCurvePlot : public PlotBase {
  Q_OBJECT

public:
  TrainingCurvePlot(const QString& title, const QString& valueLabel, QWidget* parent = nullptr);

  // A series drawn as a line, with a dot at each point when `markers` (per-epoch values); returns
  // its index for setSeriesData.
  int addSeries(const QString& name, const QColor& colour, bool markers, double width = 1.5);
  void setSeriesData(int series, const QVector<double>& epochs, const QVector<double>& values);
  int pointCount(int series) const;
  // A horizontal line across the plot, its label at the right end ("PTQ 82.06 %"); an empty label
  // hides it. Returns its index; setReference(index, …) moves it.
  int addReference(const QColor& colour);
  void setReference(int index, const QString& label, double value);
  QString referenceLabel(int index) const;
  // Axes to every point and visible reference line; x from 0 to at least `epochs`.
  void fitToData(double epochs);
  // Removes every point and hides the reference lines; the series stay.
  void clearData();

protected:
  QString toolTipAt(const QPointF& pos) const override;

private:
  struct Reference {
    QCPItemStraightLine* line = nullptr;
    QCPItemText* label = nullptr;
    double value = 0.0;
  };
  std::vector<QCPGraph*> m_series;
  std::vector<Reference> m_references;
};

}  // namespace quantlens::ui
