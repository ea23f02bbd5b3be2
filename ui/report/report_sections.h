// The report's sections, each written at the document's cursor: title page, summary with findings,
// the per-layer table and the per-layer SQNR chart, the observer comparison, and one page of plots
// per worst layer.
#pragma once

#include "ui/report/report_document.h"
#include "ui/report/report_evidence.h"
#include "ui/report/report_input.h"

namespace quantlens::ui {

void writeTitlePage(ReportDocument& doc, const ReportInput& input, const ReportOptions& options);
void writeSummary(ReportDocument& doc, const ReportInput& input);
void writeFindings(ReportDocument& doc, const ReportEvidence& evidence);
void writeLayerTable(ReportDocument& doc, const ReportInput& input, const ReportEvidence& evidence);
void writeSqnrChart(ReportDocument& doc, const ReportInput& input);
// The table of every activation observer (core/analysis/observer_comparison.h); nothing when none was compared.
void writeObserverComparison(ReportDocument& doc, const ReportInput& input);
// One page per layer for the `count` worst layers that have weights.
void writeLayerPages(ReportDocument& doc, const ReportInput& input, const ReportEvidence& evidence, int count);

}  // namespace quantlens::ui
