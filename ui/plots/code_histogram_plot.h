// Plot (b): how often each integer code of a layer's quantized weight occurs, over the code range:
// how many of the available levels the weights use and how many saturate at the ends.
#pragma once

#include <cstdint>
#include <span>

#include "core/quant/qparams.h"
#include "core/quant/quant_scheme.h"
#include "core/tensor/tensor.h"
#include "ui/plots/histogram.h"
#include "ui/plots/plot_base.h"

namespace quantlens::ui {

// The range the codes of `scheme` can take: its integer saturation range, the 256 bit patterns of
// FP8, or the 16 indices of NF4.
QuantRange codeRange(const QuantScheme& scheme);

class CodeHistogramPlot : public PlotBase {
  Q_OBJECT

public:
  static constexpr int kMaxBars = 512;  // wider code ranges (16 bits) are drawn in merged bins

  explicit CodeHistogramPlot(QWidget* parent = nullptr);

  // `codes` of the weight; [codeMin, codeMax] the range codes can take; `format` names them ("int8").
  void setCodes(std::span<const int32_t> codes, int32_t codeMin, int32_t codeMax, const QString& format);
  // The codes of `weight` quantized with `qparams`, over codeRange of its scheme (what the window's
  // layer plots and the report show).
  void setQuantizedWeight(const Tensor& weight, const QParams& qparams);

  const Histogram& histogram() const { return m_histogram; }
  int levelsUsed() const { return m_levelsUsed; }

protected:
  QString toolTipAt(const QPointF& pos) const override;

private:
  void setupBars(const QString& format, int32_t codeMin, int32_t codeMax, int64_t saturated, size_t total);

  Histogram m_histogram;  // one bin per code, centred on it (merged when the range is wide)
  int m_levelsUsed = 0;
};

}  // namespace quantlens::ui
