// The PDF report.
#include "ui/report/report.h"

#include <QFileInfo>

#include <cassert>

#include "core/error.h"
#include "ui/report/report_document.h"
#include "ui/report/report_evidence.h"
#include "ui/report/report_sections.h"

namespace quantlens::ui {

ReportSummary writeReport(const ReportInput& input, const QString& path, const ReportOptions& options) {
  assert(input.graph && input.plan && input.calibration && input.state && input.preprocessing);  // callers gather all
  const ReportEvidence evidence = gatherEvidence(input);
  const QString model = QFileInfo(input.modelPath).fileName();
  ReportDocument doc(path, QStringLiteral("QuantLens report: %1").arg(model),
                     QStringLiteral("Quantization report · %1").arg(model));
  if (!doc.isOpen())
    throw Error("PDF report " + path.toStdString() + ": cannot write the file there (does the folder exist, is it writable?)");
  writeTitlePage(doc, input, options);
  writeSummary(doc, input);
  writeFindings(doc, evidence);
  writeLayerTable(doc, input, evidence);
  writeSqnrChart(doc, input);
  writeObserverComparison(doc, input);
  writeLayerPages(doc, input, evidence, options.detailedLayers);
  const int pages = doc.pageNumber();
  if (!doc.finish()) throw Error("PDF report " + path.toStdString() + ": writing the file failed");
  return {pages, static_cast<int>(evidence.findings.size())};
}

}  // namespace quantlens::ui
