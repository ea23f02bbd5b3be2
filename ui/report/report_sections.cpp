// Report sections: title page, summary, findings, per-layer table and SQNR chart.
#include "ui/report/report_sections.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/config/quant_options.h"
#include "core/quant/observer_settings.h"
#include "core/quant/quant_dtype.h"
#include "ui/number_format.h"
#include "ui/plots/sqnr_plot.h"

namespace quantlens::ui {
namespace {

const QColor kMuted(0x60, 0x60, 0x60);

QString dbOrDash(const std::optional<double>& value) { return value ? formatDb(*value) : QStringLiteral("—"); }

QString ratio(double value) { return QStringLiteral("%1×").arg(value, 0, 'f', 2); }

QString ms(double value) { return QStringLiteral("%1 ms").arg(value, 0, 'f', 3); }

QColor severityColour(Finding::Severity severity) {
  switch (severity) {
    case Finding::Severity::Problem: return {0xB0, 0x1E, 0x1E};
    case Finding::Severity::Warning: return {0xB3, 0x6B, 0x00};
    case Finding::Severity::Info: return {0x2F, 0x5F, 0x8F};
  }
  return Qt::black;
}

}  // namespace

void writeTitlePage(ReportDocument& doc, const ReportInput& input, const ReportOptions& options) {
  doc.skip(40);
  doc.title(QStringLiteral("Quantization report"));
  QFont big = doc.bodyFont();
  big.setPointSizeF(14.0);
  doc.skip(doc.paragraph(QFileInfo(input.modelPath).fileName(), big) + 4);
  doc.skip(doc.paragraph(QStringLiteral("%1 · QuantLens %2")
                             .arg(options.date.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                  QStringLiteral(QUANTLENS_VERSION)),
                         doc.bodyFont(), kMuted) +
           30);

  ReportTable model{{QStringLiteral("Model and data"), QString()}, {0.28, 0.72}, {}, {}, {}};
  model.rows.push_back({QStringLiteral("Model file"), input.modelPath});
  model.rows.push_back({QStringLiteral("Parameters"), QString::number(input.graph->parameterCount())});
  model.rows.push_back({QStringLiteral("Quantized layers"), QString::number(input.plan->layers.size())});
  model.rows.push_back({QStringLiteral("Calibration data"), input.calibrationData});
  model.rows.push_back({QStringLiteral("Calibration samples"),
                        QStringLiteral("%1 (%2 skipped) in %3 s")
                            .arg(input.calibration->samples)
                            .arg(input.calibration->skipped)
                            .arg(input.calibration->seconds, 0, 'f', 2)});
  model.rows.push_back({QStringLiteral("Evaluation data"),
                        input.evaluationData.isEmpty() ? QStringLiteral("none (no accuracy measured)")
                                                       : input.evaluationData});
  if (input.accuracy)
    model.rows.push_back({QStringLiteral("Evaluation samples"),
                          QString::number(input.accuracy->fp32.score.samples())});
  model.rows.push_back({QStringLiteral("Preprocessing"), QString::fromStdString(input.preprocessing->describe())});
  doc.table(model);

  ReportTable config{{QStringLiteral("Configuration"), QStringLiteral("Value")}, {0.28, 0.72}, {}, {}, {}};
  for (const ConfigEntry& entry : describeQuantConfig(input.state->config))
    config.rows.push_back({QStringLiteral("--") + QString::fromStdString(entry.option), QString::fromStdString(entry.text)});
  if (!input.state->config.overrides.empty())
    config.rows.push_back({QStringLiteral("layer overrides"), QString::number(input.state->config.overrides.size())});
  doc.table(config);
  doc.paragraph(QStringLiteral("Reproduce from the command line: quantlens-cli quantize MODEL --calib DATA "
                               "[--eval DATA] with the options above, adding --report FILE.pdf."),
                doc.smallFont(), kMuted);
}

void writeSummary(ReportDocument& doc, const ReportInput& input) {
  doc.newPage();
  doc.heading(QStringLiteral("Summary"));
  ReportTable table{{QStringLiteral("Metric"), QStringLiteral("FP32"), QStringLiteral("Quantized (sim.)"),
                     QStringLiteral("int8 executor"), QStringLiteral("Quantized vs FP32")},
                    {0.20, 0.21, 0.20, 0.19, 0.20},
                    {Qt::AlignLeft, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight},
                    {},
                    {},
                    8.5};
  const QString dash = QStringLiteral("—");
  if (input.accuracy) {
    const auto& a = *input.accuracy;
    const auto fp32 = a.fp32.score.top1();
    const auto quantized = a.quantized.score.top1();
    const auto int8 = input.int8 ? input.int8->score.top1() : std::nullopt;
    const QString delta = fp32 && quantized ? QStringLiteral("%1 pp").arg(100.0 * (*quantized - *fp32), 0, 'f', 2) : dash;
    table.rows.push_back({QStringLiteral("Top-1 accuracy"), formatPercent(fp32), formatPercent(quantized),
                          formatPercent(int8), delta});
    table.rows.push_back({QStringLiteral("Top-5 accuracy"), formatPercent(a.fp32.score.top5()),
                          formatPercent(a.quantized.score.top5()),
                          input.int8 ? formatPercent(input.int8->score.top5()) : dash, dash});
    table.rows.push_back({QStringLiteral("Same class as FP32"), dash, formatPercent(a.agreement), dash, dash});
    if (input.int8)
      table.rows.push_back({QStringLiteral("Same class as sim."), dash, dash,
                            formatPercent(input.int8AgreementWithQuantized), dash});
  }
  const int64_t fp32Bytes = input.exportedFp32Bytes.value_or(input.size.fp32Bytes);
  const int64_t quantizedBytes = input.exportedBytes.value_or(input.size.quantizedBytes);
  const double sizeRatio = quantizedBytes > 0 ? static_cast<double>(fp32Bytes) / static_cast<double>(quantizedBytes) : 0.0;
  table.rows.push_back({input.exportedBytes ? QStringLiteral("Size (ONNX file)") : QStringLiteral("Size (weights)"),
                        formatBytes(fp32Bytes), formatBytes(quantizedBytes), dash,
                        ratio(sizeRatio) + QStringLiteral(" smaller")});
  if (input.latency)
    table.rows.push_back({QStringLiteral("Latency (batch %1)").arg(input.latency->batch), ms(input.latency->fp32Ms), dash,
                          ms(input.latency->int8Ms),
                          QStringLiteral("int8 %1").arg(ratio(input.latency->fp32Ms / std::max(1e-9, input.latency->int8Ms)))});
  doc.table(table);
  QStringList notes;
  if (!input.accuracy) notes << QStringLiteral("No labeled evaluation data: accuracy was not measured.");
  if (input.accuracy && !input.int8)
    notes << QStringLiteral("The int8 executor did not run for this configuration.");
  if (!input.latency) notes << QStringLiteral("Latency not measured here (quantlens-cli bench measures it).");
  notes << QStringLiteral("Quantized (sim.): the fake-quant model, float arithmetic on quantized values; "
                          "int8 executor: integer kernels. Size: FP32 bytes / quantized bytes.");
  for (const QString& note : notes) doc.skip(doc.paragraph(note, doc.smallFont(), kMuted) + 2);
}

void writeFindings(ReportDocument& doc, const ReportEvidence& evidence) {
  doc.heading(QStringLiteral("Findings"));
  if (evidence.findings.empty())
    doc.skip(doc.paragraph(QStringLiteral("Nothing stands out: every measurement is within its threshold."),
                           doc.bodyFont()));
  for (const Finding& f : evidence.findings) {
    doc.ensureSpace(50);
    const QString where = f.layer.empty() ? QStringLiteral("model") : QString::fromStdString(f.layer);
    doc.skip(doc.paragraph(QStringLiteral("%1 · %2 — %3")
                               .arg(QString::fromLatin1(severityName(f.severity)).toUpper(), where,
                                    QString::fromStdString(f.title)),
                           doc.boldFont(), severityColour(f.severity)));
    doc.skip(doc.paragraph(QString::fromStdString(f.evidence), doc.bodyFont(), Qt::black, 12));
    QFont italic = doc.bodyFont();
    italic.setItalic(true);
    doc.skip(doc.paragraph(QStringLiteral("→ ") + QString::fromStdString(f.recommendation), italic, kMuted, 12) + 6);
  }
}

void writeLayerTable(ReportDocument& doc, const ReportInput& input, const ReportEvidence& evidence) {
  doc.newPage();
  doc.heading(QStringLiteral("Layers, worst first"));
  doc.skip(doc.paragraph(QStringLiteral("Ranked by accumulated output SQNR (every layer up to this one quantized). "
                                        "Isolated: only this layer quantized. Spread: widest / narrowest output-channel "
                                        "weight range. Clip: calibration values outside the active observer's range."),
                         doc.smallFont(), kMuted) +
           6);
  ReportTable table{{QStringLiteral("#"), QStringLiteral("Layer"), QStringLiteral("Op"), QStringLiteral("Weights"),
                     QStringLiteral("Weight"), QStringLiteral("Isolated"), QStringLiteral("Accum."),
                     QStringLiteral("Spread"), QStringLiteral("Act. clip range"), QStringLiteral("Clip")},
                    {0.04, 0.16, 0.08, 0.16, 0.08, 0.08, 0.08, 0.07, 0.16, 0.09},
                    {Qt::AlignRight, Qt::AlignLeft, Qt::AlignLeft, Qt::AlignLeft, Qt::AlignRight, Qt::AlignRight,
                     Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight},
                    {},
                    {},
                    7.5};
  int rank = 0;
  for (const ReportLayer& layer : evidence.layers) {
    const QuantizedLayer& planned = input.plan->layers[layer.index];
    const LayerQuant& quant = input.state->layers[layer.index];
    const LayerEvidence& e = layer.evidence;
    QString weights = QStringLiteral("float");
    if (quant.weight) {
      const QuantScheme& s = quant.weight->qparams.scheme;
      weights = QString::fromStdString(quantDtypeName(s.dtype, s.bits) + " " + granularityName(s.granularity));
    }
    table.rows.push_back(
        {QString::number(++rank), SqnrPlot::shortName(QString::fromStdString(planned.name)),
         QString::fromStdString(planned.op), weights, dbOrDash(e.weightSqnrDb), dbOrDash(e.isolatedSqnrDb),
         dbOrDash(e.accumulatedSqnrDb),
         e.channelRangeSpread ? QStringLiteral("%1×").arg(*e.channelRangeSpread, 0, 'f', 1) : QStringLiteral("—"),
         layer.activation ? formatRange(layer.activation->clip) : QStringLiteral("float"),
         e.activationClipFraction ? QStringLiteral("%1 %").arg(100.0 * *e.activationClipFraction, 0, 'f', 3)
                                  : QStringLiteral("—")});
    table.emphasized.push_back(e.isolatedSqnrDb && *e.isolatedSqnrDb < FindingThresholds{}.sensitiveIsolatedDb);
  }
  doc.table(table);
}

void writeSqnrChart(ReportDocument& doc, const ReportInput& input) {
  doc.heading(QStringLiteral("Where the error comes from"));
  constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  SqnrSeries series;
  for (size_t i = 0; i < input.plan->layers.size(); ++i) {
    const std::string& name = input.plan->layers[i].name;
    series.layers << QString::fromStdString(name);
    const LayerQuant& quant = input.state->layers[i];
    series.weight.push_back(quant.weight ? quant.weight->error.sqnrDb : kUnknown);
    const LayerActivationError* error = nullptr;
    for (const LayerActivationError& e : input.layerErrors)
      if (e.layer == name) error = &e;
    series.isolated.push_back(error ? error->isolated.sqnrDb : kUnknown);
    series.accumulated.push_back(error ? error->accumulated.sqnrDb : kUnknown);
  }
  const double height = std::min(420.0, std::max(260.0, doc.remaining() - 10));
  doc.ensureSpace(height);
  SqnrPlot plot;
  plot.setSeries(std::move(series), -1, false);
  doc.plot(plot, QRectF(0, doc.y(), doc.content().width(), height));
  doc.skip(height + 6);
}

}  // namespace quantlens::ui
