// Layer plots panel.
#include "ui/layer_plots_panel.h"

#include <QGridLayout>

#include "core/quant/activation_quantization.h"
#include "ui/analysis_session.h"
#include "ui/plots/activation_histogram_plot.h"
#include "ui/plots/channel_range_plot.h"
#include "ui/plots/code_histogram_plot.h"
#include "ui/plots/sqnr_plot.h"
#include "ui/plots/weight_histogram_plot.h"

namespace quantlens::ui {

LayerPlotsPanel::LayerPlotsPanel(const AnalysisSession* session, QWidget* parent)
    : QWidget(parent), m_session(session) {
  m_weights = new WeightHistogramPlot(this);
  m_codes = new CodeHistogramPlot(this);
  m_channels = new ChannelRangePlot(this);
  m_activation = new ActivationHistogramPlot(this);
  m_sqnr = new SqnrPlot(this);
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->setSpacing(6);
  grid->addWidget(m_weights, 0, 0);
  grid->addWidget(m_codes, 0, 1);
  grid->addWidget(m_channels, 0, 2);
  grid->addWidget(m_activation, 1, 0, 1, 2);
  grid->addWidget(m_sqnr, 1, 2);
  for (int c = 0; c < 3; ++c) grid->setColumnStretch(c, 1);

  connect(m_sqnr, &SqnrPlot::layerClicked, this, &LayerPlotsPanel::layerClicked);
  connect(session, &AnalysisSession::modelChanged, this, [this] {
    m_layer = -1;
    refreshLayer();
    refreshSqnr();
  });
  connect(session, &AnalysisSession::quantizationChanged, this, [this] {
    refreshLayer();
    refreshSqnr();
  });
  connect(session, &AnalysisSession::evaluationChanged, this, &LayerPlotsPanel::refreshSqnr);
  refreshLayer();
  refreshSqnr();
}

QList<PlotBase*> LayerPlotsPanel::plots() const { return {m_weights, m_codes, m_channels, m_activation, m_sqnr}; }

void LayerPlotsPanel::setLayer(int layer) {
  if (layer == m_layer) return;
  m_layer = layer;
  refreshLayer();
  refreshSqnr();
}

void LayerPlotsPanel::refreshLayer() {
  const QuantState* state = m_session->state();
  const CalibrationResult* calibration = m_session->calibration();
  if (!state || !calibration || m_layer < 0 || m_layer >= static_cast<int>(state->layers.size())) {
    const QString why = !m_session->canAnalyse() ? tr("No model to analyse")
                        : !state                 ? tr("Waiting for calibration…")
                                                 : tr("Select a layer in the table");
    for (PlotBase* plot : {static_cast<PlotBase*>(m_weights), static_cast<PlotBase*>(m_codes),
                           static_cast<PlotBase*>(m_channels), static_cast<PlotBase*>(m_activation)})
      plot->showMessage(why);
    return;
  }
  const LoadedModel& model = *m_session->model();
  const QuantizedLayer& layer = model.plan.layers[static_cast<size_t>(m_layer)];
  const LayerQuant& quant = state->layers[static_cast<size_t>(m_layer)];
  const QString name = QString::fromStdString(layer.name);
  const QString shortName = SqnrPlot::shortName(name);
  m_weights->setTitle(tr("Weights: FP32 vs dequantized — %1").arg(shortName));
  m_codes->setTitle(tr("Weight integer codes — %1").arg(shortName));
  m_channels->setTitle(tr("Channel ranges and scales — %1").arg(shortName));

  const Tensor* weight = model.prepared.initializer(layer.weight);
  if (quant.weight && weight) {
    const QParams& qparams = quant.weight->qparams;
    m_weights->setWeights(weight->values<float>(), quant.weight->dequantized.values<float>(),
                          quant.weight->error.sqnrDb, name);
    m_codes->setQuantizedWeight(*weight, qparams);
    m_channels->setRanges(channelRanges(*weight, layer.channelAxis, qparams),
                          QString::fromStdString(granularityName(qparams.scheme.granularity)));
  } else {
    const QString kept = tr("%1 is kept float (layer-table override)").arg(shortName);
    m_weights->showMessage(kept);
    m_codes->showMessage(kept);
    m_channels->showMessage(kept);
  }

  const std::string source = qparamsSource(model.plan, layer.output);
  m_activation->setTitle(
      tr("Output activation '%1': histogram and observer clip ranges").arg(QString::fromStdString(source)));
  const auto statistics = calibration->statistics.find(source);
  if (statistics == calibration->statistics.end()) {
    m_activation->showMessage(tr("No calibration statistics for '%1'").arg(QString::fromStdString(source)));
    return;
  }
  const bool quantized = state->activations.count(layer.output) != 0;
  m_activation->setHistogram(statistics->second.torchHistogram(), observerClipLines(statistics->second, state->config),
                             quantized ? std::optional(state->config.activationObserver.kind) : std::nullopt,
                             QString::fromStdString(source));
}

void LayerPlotsPanel::refreshSqnr() {
  const QuantState* state = m_session->state();
  if (!state) {
    m_sqnr->showMessage(m_session->canAnalyse() ? tr("Waiting for calibration…") : tr("No model to analyse"));
    return;
  }
  const QuantPlan& plan = m_session->model()->plan;
  SqnrSeries series;
  constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    series.layers << QString::fromStdString(plan.layers[i].name);
    const LayerQuant& quant = state->layers[i];
    series.weight.push_back(quant.weight ? quant.weight->error.sqnrDb : kUnknown);
    const LayerActivationError* error = m_session->layerError(plan.layers[i].name);
    series.isolated.push_back(error ? error->isolated.sqnrDb : kUnknown);
    series.accumulated.push_back(error ? error->accumulated.sqnrDb : kUnknown);
  }
  m_sqnr->setSeries(std::move(series), m_layer, m_session->isEvaluationStale());
}

}  // namespace quantlens::ui
