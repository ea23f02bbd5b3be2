// File ▸ Export report… : the window's analysis session written as the same PDF report the CLI writes.
#pragma once

#include <QString>

class QWidget;

namespace quantlens::ui {

class AnalysisSession;

// Writes the report of `session`'s current quantization to `path`; returns an empty string on
// success, otherwise what prevented it (no calibration yet, results still being measured, an
// unwritable file…). Measures every activation observer for the report's comparison table first
// (one fake-quant pass each over the evaluation samples), on the calling thread.
QString writeSessionReport(const AnalysisSession& session, const QString& path);
// Asks where to write the report of `session`; empty when the user cancelled.
QString askReportPath(QWidget* parent, const AnalysisSession& session);

}  // namespace quantlens::ui
