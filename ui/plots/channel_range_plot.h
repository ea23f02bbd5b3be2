// Plot (c): per output channel, the FP32 weight range inside the range its quantization grid covers,
// with the channel's scale on the right axis — the view that shows why per-tensor scales fail when
// channel ranges differ (narrow channels use a handful of levels of one wide grid).
#pragma once

#include "ui/plots/channel_ranges.h"
#include "ui/plots/plot_base.h"

namespace quantlens::ui {

class ChannelRangePlot : public PlotBase {
  Q_OBJECT

public:
  explicit ChannelRangePlot(QWidget* parent = nullptr);

  void setRanges(ChannelRanges ranges, const QString& granularity);
  const ChannelRanges& ranges() const { return m_ranges; }

protected:
  QString toolTipAt(const QPointF& pos) const override;

private:
  void setupBars(const QString& granularity);

  ChannelRanges m_ranges;
};

}  // namespace quantlens::ui
