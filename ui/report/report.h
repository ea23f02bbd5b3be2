// The PDF report (issue 6): writes the title page, summary, findings, per-layer table, SQNR chart,
// observer comparison and the worst layers' plots of one quantization to an A4 PDF. Needs a
// QApplication (the plots are widgets); headless callers create one with HeadlessApplication.
#pragma once

#include <QString>

#include "ui/report/report_input.h"

namespace quantlens::ui {

struct ReportSummary {
  int pages = 0;
  int findings = 0;
};

// Throws Error naming `path` when it cannot be written.
ReportSummary writeReport(const ReportInput& input, const QString& path, const ReportOptions& options = {});

}  // namespace quantlens::ui
