// Plot (a): the histogram of a layer's FP32 weights with the dequantized weights' histogram over it,
// which shows the grid the weights were snapped to and what clipping cut off.
#pragma once

#include <span>

#include "ui/plots/histogram.h"
#include "ui/plots/plot_base.h"

namespace quantlens::ui {

class WeightHistogramPlot : public PlotBase {
  Q_OBJECT

public:
  explicit WeightHistogramPlot(QWidget* parent = nullptr);

  // `weights` and `dequantized` hold the same number of values (the float weight and fakeQuantize of
  // it); `sqnrDb` is their signal-to-quantization-noise ratio, printed under the title.
  void setWeights(std::span<const float> weights, std::span<const float> dequantized, double sqnrDb,
                  const QString& layer);

  const Histogram& fp32Histogram() const { return m_fp32; }
  const Histogram& dequantizedHistogram() const { return m_dequantized; }

protected:
  QString toolTipAt(const QPointF& pos) const override;

private:
  void setupBars(double sqnrDb);

  Histogram m_fp32;
  Histogram m_dequantized;
};

}  // namespace quantlens::ui
