// Session report.
#include "ui/report/session_report.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

#include "core/error.h"
#include "ui/analysis_session.h"
#include "ui/report/report.h"

namespace quantlens::ui {

QString writeSessionReport(const AnalysisSession& session, const QString& path) {
  const auto model = session.model();
  if (!session.canAnalyse() || !session.calibration() || !session.state() || !session.size())
    return QObject::tr("Open a model and calibration data first: the report shows a calibrated quantization.");
  ReportInput input;
  input.modelPath = model->path;
  input.graph = &model->prepared;
  input.plan = &model->plan;
  input.calibration = session.calibration();
  input.state = session.state();
  input.preprocessing = &session.preprocessing();
  input.calibrationData = session.calibrationPath();
  input.evaluationData = session.evaluationPath().isEmpty() && session.accuracy() ? session.calibrationPath()
                                                                                  : session.evaluationPath();
  input.size = *session.size();
  if (session.accuracy()) input.accuracy = &*session.accuracy();
  if (const auto& int8 = session.int8()) {
    if (int8->accuracy) input.int8 = &*int8->accuracy;
    input.int8AgreementWithQuantized = int8->agreementWithQuantized;
    if (int8->latency) input.latency = &*int8->latency;
  }
  input.layerErrors = session.layerErrors();
  try {
    writeReport(input, path);
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

void exportSessionReportInteractively(QWidget* parent, const AnalysisSession& session) {
  const QString suggested = session.model() ? QFileInfo(session.model()->path).completeBaseName() + QStringLiteral("-report.pdf")
                                            : QStringLiteral("quantlens-report.pdf");
  const QString path =
      QFileDialog::getSaveFileName(parent, QObject::tr("Export report"), suggested, QObject::tr("PDF document (*.pdf)"));
  if (path.isEmpty()) return;
  const QString error = writeSessionReport(session, path);
  if (!error.isEmpty()) QMessageBox::warning(parent, QObject::tr("Export report"), error);
}

}  // namespace quantlens::ui
