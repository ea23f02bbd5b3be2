// Report sections: one page of the window's layer plots for each of the worst layers.
#include <QFileInfo>

#include "core/quant/quant_dtype.h"
#include "core/quant/activation_quantization.h"
#include "ui/number_format.h"
#include "ui/plots/activation_histogram_plot.h"
#include "ui/plots/channel_range_plot.h"
#include "ui/plots/code_histogram_plot.h"
#include "ui/plots/sqnr_plot.h"
#include "ui/plots/weight_histogram_plot.h"
#include "ui/report/report_sections.h"

namespace quantlens::ui {
namespace {

const QColor kMuted(0x60, 0x60, 0x60);

QString observerLines(const ReportLayer& layer) {
  QStringList parts;
  for (const ObserverClipLine& line : layer.clipLines)
    parts << QStringLiteral("%1 %2 (clips %3 %)")
                 .arg(QString::fromUtf8(observerKindName(line.kind).data(),
                                        static_cast<qsizetype>(observerKindName(line.kind).size())),
                      formatRange(line.range))
                 .arg(100.0 * line.clippedFraction, 0, 'f', 3);
  return parts.join(QStringLiteral(" · "));
}

void writeLayerPage(ReportDocument& doc, const ReportInput& input, const ReportLayer& layer, int rank) {
  const QuantizedLayer& planned = input.plan->layers[layer.index];
  const LayerQuant& quant = input.state->layers[layer.index];
  const Tensor* weight = input.graph->initializer(planned.weight);
  const QString name = QString::fromStdString(planned.name);
  const QString shortName = SqnrPlot::shortName(name);
  doc.newPage();
  doc.heading(QStringLiteral("Layer %1: %2 (%3)").arg(rank).arg(shortName, QString::fromStdString(planned.op)));
  const LayerEvidence& e = layer.evidence;
  QStringList facts;
  if (e.weightSqnrDb) facts << QStringLiteral("weight SQNR %1").arg(formatDb(*e.weightSqnrDb));
  if (e.isolatedSqnrDb) facts << QStringLiteral("isolated output SQNR %1").arg(formatDb(*e.isolatedSqnrDb));
  if (e.accumulatedSqnrDb) facts << QStringLiteral("accumulated %1").arg(formatDb(*e.accumulatedSqnrDb));
  if (e.perTensorWeightSqnrDb && e.perChannelWeightSqnrDb)
    facts << QStringLiteral("weights per-tensor %1 / per-channel %2")
                 .arg(formatDb(*e.perTensorWeightSqnrDb), formatDb(*e.perChannelWeightSqnrDb));
  if (e.int4WeightSqnrDb) facts << QStringLiteral("int4 %1").arg(formatDb(*e.int4WeightSqnrDb));
  if (e.channelRangeSpread) facts << QStringLiteral("channel spread %1×").arg(*e.channelRangeSpread, 0, 'f', 1);
  doc.skip(doc.paragraph(name + QStringLiteral(" — ") + facts.join(QStringLiteral(" · ")), doc.bodyFont(), kMuted) + 6);

  const double width = doc.content().width();
  const double gap = 10;
  const double rowHeight = 250;
  double y = doc.y();
  if (quant.weight && weight) {
    const QParams& qparams = quant.weight->qparams;
    WeightHistogramPlot weights;
    weights.setTitle(QStringLiteral("Weights: FP32 vs dequantized"));
    weights.setWeights(weight->values<float>(), quant.weight->dequantized.values<float>(), quant.weight->error.sqnrDb,
                       name);
    doc.plot(weights, QRectF(0, y, (width - gap) / 2, rowHeight));
    CodeHistogramPlot codePlot;
    codePlot.setTitle(QStringLiteral("Weight integer codes"));
    codePlot.setQuantizedWeight(*weight, qparams);
    doc.plot(codePlot, QRectF((width + gap) / 2, y, (width - gap) / 2, rowHeight));
    y += rowHeight + gap;
    ChannelRangePlot channels;
    channels.setTitle(QStringLiteral("Per-channel ranges and scales"));
    channels.setRanges(channelRanges(*weight, planned.channelAxis, qparams),
                       QString::fromStdString(granularityName(qparams.scheme.granularity)));
    doc.plot(channels, QRectF(0, y, width, rowHeight));
    y += rowHeight + gap;
  }
  const auto statistics = input.calibration->statistics.find(qparamsSource(*input.plan, planned.output));
  if (statistics != input.calibration->statistics.end()) {
    ActivationHistogramPlot activation;
    activation.setTitle(QStringLiteral("Output activation: histogram and every observer's clip range"));
    activation.setHistogram(statistics->second.torchHistogram(), layer.clipLines,
                            layer.activation ? std::optional(input.state->config.activationObserver.kind) : std::nullopt,
                            QString::fromStdString(statistics->first));
    const double height = std::min(300.0, doc.content().bottom() - y - 60);
    doc.plot(activation, QRectF(0, y, width, height));
    y += height + gap;
  }
  doc.skip(y - doc.y());
  if (!layer.clipLines.empty())
    doc.paragraph(QStringLiteral("Observer clip ranges: ") + observerLines(layer), doc.smallFont(), kMuted);
}

}  // namespace

void writeLayerPages(ReportDocument& doc, const ReportInput& input, const ReportEvidence& evidence, int count) {
  int rank = 0;
  for (const ReportLayer& layer : evidence.layers) {
    if (rank >= count) break;
    if (!input.state->layers[layer.index].weight) continue;
    writeLayerPage(doc, input, layer, ++rank);
  }
}

}  // namespace quantlens::ui
