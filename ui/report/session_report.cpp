// Session report.
#include "ui/report/session_report.h"

#include <QFileDialog>
#include <QFileInfo>
#include <memory>

#include "core/analysis/observer_comparison.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/data/sample_order.h"
#include "core/error.h"
#include "ui/analysis_session.h"
#include "ui/report/report.h"

namespace quantlens::ui {
namespace {

// Every activation observer measured as the session measures its own: accuracy on the evaluation set
// (the calibration set when none was chosen) and the accumulated layer SQNR on its first samples.
std::vector<ObserverComparisonRow> compareSessionObservers(const AnalysisSession& session) {
  const auto model = session.model();
  const std::shared_ptr<const Dataset> data = session.evaluationDataset();
  if (!data) return {};
  const Preprocessor preprocessor(session.preprocessing());
  const SamplingOptions& sampling = session.sampling();
  BatchLoopOptions options;
  options.batchSize = sampling.batchSize;
  ObserverComparisonData compared;
  compared.options = options;
  const std::vector<int64_t> indices = sampleOrder(data->size(), sampling.evalCount, sampling.shuffleSeed);
  if (session.accuracy() && data->hasLabels()) {
    compared.evaluation = data.get();
    compared.indices = indices;
    compared.preprocessor = &preprocessor;
    compared.fp32Predictions = session.accuracy()->fp32.score.predictions();
  }
  const std::vector<Tensor> analysisInputs =
      loadInputBatches(*data, sampleOrder(data->size(), AnalysisSession::kDefaultAnalysisCount, sampling.shuffleSeed),
                       preprocessor, options);
  compared.analysisInputs = analysisInputs;
  return compareObservers(model->prepared, model->plan, *session.calibration(), session.state()->config, compared);
}

}  // namespace

QString writeSessionReport(const AnalysisSession& session, const QString& path) {
  const auto model = session.model();
  if (!session.canAnalyse() || !session.calibration() || !session.state() || !session.size())
    return QObject::tr("Open a model and calibration data first: the report shows a calibrated quantization.");
  if (session.isBusy() || session.isEvaluationStale())
    return QObject::tr("The current settings are still being measured: export the report when the status bar "
                       "says “Up to date”, so that its numbers belong to the quantization it describes.");
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
    const std::vector<ObserverComparisonRow> observers = compareSessionObservers(session);
    input.observerComparison = observers;
    writeReport(input, path);
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

QString askReportPath(QWidget* parent, const AnalysisSession& session) {
  const QString suggested = session.model() ? QFileInfo(session.model()->path).completeBaseName() + QStringLiteral("-report.pdf")
                                            : QStringLiteral("quantlens-report.pdf");
  return QFileDialog::getSaveFileName(parent, QObject::tr("Export report"), suggested,
                                      QObject::tr("PDF document (*.pdf)"));
}

}  // namespace quantlens::ui
