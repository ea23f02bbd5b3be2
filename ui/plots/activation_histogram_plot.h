// Plot (d): the calibration histogram of an activation (log counts) with the clip range every
// activation observer would choose drawn as labelled vertical lines, the active observer highlighted
// and the fraction of values it clips printed.
#pragma once

#include <QPointer>
#include <QString>
#include <vector>

#include "core/quant/clip_range.h"
#include "core/quant/observer_settings.h"
#include "core/quant/quant_config.h"
#include "ui/plots/histogram.h"
#include "ui/plots/plot_base.h"

namespace quantlens {
class TensorStatistics;
class TorchHistogram;
}  // namespace quantlens

namespace quantlens::ui {

struct ObserverClipLine {
  ObserverKind kind = ObserverKind::MinMax;
  ClipRange range;
  double clippedFraction = 0.0;  // of the histogram's mass outside range
};

// Every activation observer's range for `statistics` under `config`'s activation settings (its
// percentile, averaging constant, entropy variant, and the bits and symmetry of its scheme; the
// default uint8 affine scheme when activations stay float): observeRanges(statistics,
// activationObserverFor(settings with each kind, scheme)). An observer that cannot handle the
// statistics is left out.
std::vector<ObserverClipLine> observerClipLines(const TensorStatistics& statistics, const QuantConfig& config);

class ActivationHistogramPlot : public PlotBase {
  Q_OBJECT

public:
  static constexpr int kMaxBins = 256;  // the 2048 calibration bins, merged for legibility

  explicit ActivationHistogramPlot(QWidget* parent = nullptr);

  // `histogram` is the calibration statistics' torch histogram of `tensor`; `active` is drawn
  // highlighted (none when activations stay float).
  void setHistogram(const TorchHistogram& histogram, std::vector<ObserverClipLine> lines,
                    std::optional<ObserverKind> active, const QString& tensor);

  const std::vector<ObserverClipLine>& lines() const { return m_lines; }
  const Histogram& histogram() const { return m_histogram; }
  std::optional<ObserverKind> activeObserver() const { return m_active; }

  static QColor observerColour(ObserverKind kind);

protected:
  QString toolTipAt(const QPointF& pos) const override;
  // Places the labels for the geometry being drawn: QCustomPlot lays out before every replot and
  // before drawing into a painter (export, the PDF report), each time at that output's size.
  void updateLayout() override;

private:
  struct Label {
    QPointer<QCPItemText> item;  // owned by the plot; null once the plot is cleared
    float x = 0.0f;              // the line the label belongs to (its clip max)
    bool active = false;
  };

  void setupHistogram(const QString& tensor);
  void addLines();
  void addLine(const ObserverClipLine& line);
  // Each label beside its line (on the side with more room, flipped when it would leave the axis
  // rect) in the first row where it overlaps no other label, for the current pixel geometry.
  void placeLabels();
  static QString labelText(const ObserverClipLine& line);

  Histogram m_histogram;
  std::vector<ObserverClipLine> m_lines;
  std::optional<ObserverKind> m_active;
  std::vector<Label> m_labels;  // the active observer's first, then by clip max
};

}  // namespace quantlens::ui
