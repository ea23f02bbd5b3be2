// The plots of the selected layer (weights, codes, channel ranges, activation clip ranges) and the
// per-layer SQNR of the whole model, kept in step with the session.
#pragma once

#include <QWidget>

class QLabel;

namespace quantlens::ui {

class ActivationHistogramPlot;
class AnalysisSession;
class ChannelRangePlot;
class CodeHistogramPlot;
class PlotBase;
class SqnrPlot;
class WeightHistogramPlot;

class LayerPlotsPanel : public QWidget {
  Q_OBJECT

public:
  explicit LayerPlotsPanel(const AnalysisSession* session, QWidget* parent = nullptr);

  // Index into the plan's layers; -1 for none.
  void setLayer(int layer);
  int layer() const { return m_layer; }

  WeightHistogramPlot* weightPlot() const { return m_weights; }
  CodeHistogramPlot* codePlot() const { return m_codes; }
  ChannelRangePlot* channelPlot() const { return m_channels; }
  ActivationHistogramPlot* activationPlot() const { return m_activation; }
  SqnrPlot* sqnrPlot() const { return m_sqnr; }
  QList<PlotBase*> plots() const;

  // Redraws everything from the session (also called on its signals).
  void refreshLayer();
  void refreshSqnr();

signals:
  void layerClicked(int layer);

private:
  const AnalysisSession* m_session;
  int m_layer = -1;
  WeightHistogramPlot* m_weights = nullptr;
  CodeHistogramPlot* m_codes = nullptr;
  ChannelRangePlot* m_channels = nullptr;
  ActivationHistogramPlot* m_activation = nullptr;
  SqnrPlot* m_sqnr = nullptr;
};

}  // namespace quantlens::ui
