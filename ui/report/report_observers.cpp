// Report section: every activation observer measured on the same calibration statistics, one row each.
#include <QStringList>

#include "core/quant/observer_settings.h"
#include "ui/number_format.h"
#include "ui/plots/sqnr_plot.h"
#include "ui/report/report_sections.h"

namespace quantlens::ui {
namespace {

const QColor kMuted(0x60, 0x60, 0x60);

QString dbOrDash(const std::optional<double>& value) { return value ? formatDb(*value) : QStringLiteral("—"); }

QString observerName(ObserverKind kind) {
  const std::string_view name = observerKindName(kind);
  return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

}  // namespace

void writeObserverComparison(ReportDocument& doc, const ReportInput& input) {
  if (input.observerComparison.empty()) return;
  doc.heading(QStringLiteral("Activation observers compared"));
  doc.skip(doc.paragraph(
               QStringLiteral("Each row quantizes activations with one observer on the same calibration statistics, "
                              "everything else as configured (bold: the configured observer). Clip width: mean over "
                              "activations of the clip range's width relative to the calibration min/max (1 = nothing "
                              "clipped). Agreement: samples classified as FP32 classifies them. Layer SQNR: accumulated "
                              "output SQNR, every layer quantized."),
               doc.smallFont(), kMuted) +
           6);
  const std::optional<double> fp32 = input.accuracy ? input.accuracy->fp32.score.top1() : std::nullopt;
  ReportTable table{{QStringLiteral("Observer"), QStringLiteral("Clip width"), QStringLiteral("Top-1"),
                     QStringLiteral("vs FP32"), QStringLiteral("Agreement"), QStringLiteral("Last layer"),
                     QStringLiteral("Mean layer"), QStringLiteral("Worst layer")},
                    {0.15, 0.11, 0.09, 0.10, 0.11, 0.10, 0.11, 0.23},
                    {Qt::AlignLeft, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight, Qt::AlignRight,
                     Qt::AlignRight, Qt::AlignLeft},
                    {},
                    {},
                    8.0};
  const QString dash = QStringLiteral("—");
  QStringList failures;
  for (const ObserverComparisonRow& row : input.observerComparison) {
    if (!row.error.empty()) {
      table.rows.push_back({observerName(row.observer), dash, dash, dash, dash, dash, dash, dash});
      failures << observerName(row.observer) + QStringLiteral(": ") + QString::fromStdString(row.error);
    } else {
      const QString delta = fp32 && row.top1 ? QStringLiteral("%1 pp").arg(100.0 * (*row.top1 - *fp32), 0, 'f', 2) : dash;
      const QString worst = row.worstLayerSqnrDb ? QStringLiteral("%1 %2").arg(
                                                       SqnrPlot::shortName(QString::fromStdString(row.worstLayer)),
                                                       formatDb(*row.worstLayerSqnrDb))
                                                 : dash;
      table.rows.push_back({observerName(row.observer),
                            row.clipWidthRatio ? QString::number(*row.clipWidthRatio, 'f', 3) : dash,
                            formatPercent(row.top1), delta, formatPercent(row.agreement),
                            dbOrDash(row.lastLayerSqnrDb), dbOrDash(row.meanLayerSqnrDb), worst});
    }
    table.emphasized.push_back(row.configured);
  }
  doc.table(table);
  if (!input.accuracy)
    doc.skip(doc.paragraph(QStringLiteral("No labeled evaluation data: top-1 was not measured."), doc.smallFont(),
                           kMuted) +
             2);
  for (const QString& failure : failures) doc.skip(doc.paragraph(failure, doc.smallFont(), kMuted) + 2);
}

}  // namespace quantlens::ui
