// File ▸ Export report… : the window's analysis session written as the same PDF report the CLI writes.
#pragma once

#include <QString>

class QWidget;

namespace quantlens::ui {

class AnalysisSession;

// Writes the report of `session`'s current quantization to `path`; returns an empty string on
// success, otherwise what prevented it (no calibration yet, an unwritable file…).
QString writeSessionReport(const AnalysisSession& session, const QString& path);
// Asks for a file name and writes the report, telling the user when it cannot.
void exportSessionReportInteractively(QWidget* parent, const AnalysisSession& session);

}  // namespace quantlens::ui
