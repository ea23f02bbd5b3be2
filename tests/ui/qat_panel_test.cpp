// Tests of quantization-aware training in the window: the QAT session trains exactly what the core
// trainer trains with the same settings (so the curves and the result are the core's numbers), the
// panel plots every step and shows the result beside FP32 and PTQ, pause holds the worker, cancel
// keeps no result, unsupported schemes are reported, and the trained model exports.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <filesystem>

#include "core/analysis/quantized_accuracy.h"
#include "core/data/preprocessor.h"
#include "core/data/sample_order.h"
#include "core/graph/onnx_import.h"
#include "core/train/qat_model.h"
#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"
#include "ui/analysis_session.h"
#include "ui/number_format.h"
#include "ui/qat/qat_panel.h"
#include "ui/qat/qat_session.h"
#include "ui/qat/training_curve_plot.h"
#include "ui/quantized_model_export.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

namespace {

constexpr int64_t kTrainCount = 96;  // three batches of the session's 32

QatSettings twoEpochs() {
  QatSettings s;
  s.epochs = 2;
  s.seed = 3;
  s.learningRate = 5e-3;
  return s;
}

bool finished(const QatSession& qat) { return waitFor([&] { return !qat.isRunning(); }); }

// The run the session should have made, done here directly with the core trainer on the same data.
struct CoreRun {
  std::vector<double> stepLosses;
  std::vector<EpochStats> epochs;
  std::vector<double> evaluationTop1;
  EvaluationResult quantized;
};

CoreRun trainWithCore(const AnalysisSession& session, const QatSettings& settings, int64_t trainCount) {
  const LoadedModel& model = *session.model();
  const Dataset& data = *session.calibrationDataset();
  const Preprocessor preprocessor(session.preprocessing());
  const int64_t batch = session.sampling().batchSize;
  QatModel qat(model.prepared, model.plan, *session.state());
  const auto optimizer = makeOptimizer(settings);
  const auto trainIndices = sampleOrder(data.size(), trainCount);
  const auto evalIndices = sampleOrder(data.size(), session.sampling().evalCount, session.sampling().shuffleSeed);
  CoreRun run;
  QatRunOptions options = qatRunOptions(settings, batch);
  options.onBatch = [&](const BatchStats& step) { run.stepLosses.push_back(step.loss); };
  trainQat(qat, *optimizer, data, trainIndices, preprocessor, options, [&](int64_t, const EpochStats& stats) {
    run.epochs.push_back(stats);
    run.evaluationTop1.push_back(evaluateQat(qat, data, evalIndices, preprocessor, batch).accuracy);
  });
  BatchLoopOptions loop;
  loop.batchSize = batch;
  run.quantized = evaluateFakeQuant(qat.graph(), model.plan, qat.quantState(), data, evalIndices, preprocessor, loop);
  return run;
}

}  // namespace

TEST(QatPanel, TrainsWhatTheCoreTrainerTrainsAndShowsItBesidePtq) {
  AnalysisSession session;
  QatSession qat(&session);
  QatPanel panel(&session, &qat);
  ASSERT_TRUE(openDemo(session));
  QSignalSpy steps(&qat, &QatSession::stepTrained);
  QSignalSpy epochs(&qat, &QatSession::epochFinished);
  ASSERT_TRUE(qat.start(twoEpochs(), {}, kTrainCount));
  ASSERT_TRUE(finished(qat));
  ASSERT_NE(qat.result(), nullptr);

  const CoreRun core = trainWithCore(session, twoEpochs(), kTrainCount);
  EXPECT_EQ(steps.count(), 6);  // 2 epochs of 96 samples in batches of 32
  EXPECT_EQ(epochs.count(), 2);
  ASSERT_EQ(qat.steps().size(), core.stepLosses.size());
  for (size_t i = 0; i < core.stepLosses.size(); ++i) {
    EXPECT_EQ(qat.steps()[i].step, static_cast<int64_t>(i));
    EXPECT_DOUBLE_EQ(qat.steps()[i].loss, core.stepLosses[i]) << "step " << i;
  }
  ASSERT_EQ(qat.epochs().size(), 2u);
  for (size_t e = 0; e < 2; ++e) {
    EXPECT_DOUBLE_EQ(qat.epochs()[e].training.meanLoss, core.epochs[e].meanLoss) << "epoch " << e;
    EXPECT_EQ(qat.epochs()[e].evaluationTop1, core.evaluationTop1[e]) << "epoch " << e;
  }
  // The baseline is the analysis page's own accuracy (same samples, same state).
  ASSERT_TRUE(qat.baseline().has_value());
  EXPECT_EQ(qat.baseline()->fp32.score.top1(), session.accuracy()->fp32.score.top1());
  EXPECT_EQ(qat.baseline()->quantized.score.top1(), session.accuracy()->quantized.score.top1());
  ASSERT_TRUE(qat.result()->quantized.has_value());
  EXPECT_EQ(qat.result()->quantized->score.top1(), core.quantized.score.top1());
  EXPECT_EQ(qat.result()->trainingSamples, kTrainCount);

  // Curves: one point per step, the evaluation at epoch 0 (PTQ) and after each epoch, FP32 and PTQ lines.
  EXPECT_EQ(panel.lossPlot()->pointCount(QatPanel::kBatchLossSeries), 6);
  EXPECT_EQ(panel.accuracyPlot()->pointCount(QatPanel::kTrainAccuracySeries), 6);
  EXPECT_EQ(panel.accuracyPlot()->pointCount(QatPanel::kEvalAccuracySeries), 3);
  EXPECT_EQ(panel.accuracyPlot()->referenceLabel(0), QStringLiteral("FP32 ") + formatPercent(session.accuracy()->fp32.score.top1()));
  EXPECT_EQ(panel.accuracyPlot()->referenceLabel(1),
            QStringLiteral("PTQ ") + formatPercent(session.accuracy()->quantized.score.top1()));
  // The result table: FP32, PTQ and QAT side by side.
  QTableWidget* table = panel.resultTable();
  EXPECT_EQ(table->item(QatPanel::Fp32Row, QatPanel::Top1Column)->text(), formatPercent(session.accuracy()->fp32.score.top1()));
  EXPECT_EQ(table->item(QatPanel::PtqRow, QatPanel::Top1Column)->text(),
            formatPercent(session.accuracy()->quantized.score.top1()));
  EXPECT_EQ(table->item(QatPanel::QatRow, QatPanel::Top1Column)->text(), formatPercent(core.quantized.score.top1()));
  EXPECT_EQ(table->item(QatPanel::QatRow, QatPanel::SizeColumn)->text(), formatBytes(qat.result()->size.quantizedBytes));
  EXPECT_TRUE(panel.summaryText().contains(QStringLiteral("Trained 2 epochs on 96 samples"))) << panel.summaryText().toStdString();
  EXPECT_TRUE(panel.exportButton()->isEnabled());
  EXPECT_TRUE(panel.startButton()->isEnabled());
}

TEST(QatPanel, PauseHoldsTheWorkerAndResumeFinishesTheRun) {
  AnalysisSession session;
  QatSession qat(&session);
  ASSERT_TRUE(openDemo(session));
  QatSettings settings = twoEpochs();
  settings.epochs = 3;  // 30 steps over the 300 demo images
  ASSERT_TRUE(qat.start(settings));
  ASSERT_TRUE(waitFor([&] { return !qat.steps().empty(); }));
  qat.setPaused(true);
  EXPECT_TRUE(qat.isPaused());
  // The step in flight when pausing may still arrive; after that nothing moves.
  QTest::qWait(300);
  const size_t held = qat.steps().size();
  QTest::qWait(700);
  EXPECT_EQ(qat.steps().size(), held);
  EXPECT_TRUE(qat.isRunning());
  EXPECT_LT(held, 30u);
  qat.setPaused(false);
  ASSERT_TRUE(finished(qat));
  EXPECT_EQ(qat.steps().size(), 30u);
  EXPECT_NE(qat.result(), nullptr);
}

TEST(QatPanel, CancelKeepsNoResultAndANewRunStarts) {
  AnalysisSession session;
  QatSession qat(&session);
  QatPanel panel(&session, &qat);
  ASSERT_TRUE(openDemo(session));
  QSignalSpy cancelled(&qat, &QatSession::cancelled);
  QatSettings settings = twoEpochs();
  settings.epochs = 50;
  ASSERT_TRUE(qat.start(settings));
  ASSERT_TRUE(waitFor([&] { return !qat.steps().empty(); }));
  qat.setPaused(true);  // a paused run cancels too
  qat.cancel();
  ASSERT_TRUE(finished(qat));
  EXPECT_EQ(cancelled.count(), 1);
  EXPECT_EQ(qat.result(), nullptr);
  EXPECT_FALSE(qat.isPaused());
  EXPECT_FALSE(panel.exportButton()->isEnabled());
  EXPECT_TRUE(panel.startButton()->isEnabled());
  EXPECT_TRUE(panel.statusText().startsWith(QStringLiteral("Cancelled"))) << panel.statusText().toStdString();

  ASSERT_TRUE(qat.start(twoEpochs(), {}, kTrainCount));
  ASSERT_TRUE(finished(qat));
  EXPECT_NE(qat.result(), nullptr);
  EXPECT_EQ(qat.steps().size(), 6u);
}

TEST(QatPanel, ConfigurationsQatCannotFakeAreReportedNotCrashed) {
  AnalysisSession session;
  QatSession qat(&session);
  QSignalSpy failed(&qat, &QatSession::failed);
  ASSERT_TRUE(openDemo(session));
  QuantConfig config = session.config();
  config.weightScheme.dtype = QuantDtype::Int4;
  config.weightScheme.bits = 4;
  config.weightScheme.granularity = Granularity::perGroup(16);
  ASSERT_TRUE(session.setConfig(config));
  ASSERT_TRUE(qat.start(twoEpochs()));
  ASSERT_TRUE(finished(qat));
  ASSERT_EQ(failed.count(), 1);
  EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("per-group"))) << failed.at(0).at(0).toString().toStdString();
  EXPECT_EQ(qat.result(), nullptr);
}

TEST(QatPanel, UnlabeledTrainingDataAndMissingCalibrationAreRefusedWithAReason) {
  AnalysisSession session;
  QatSession qat(&session);
  QSignalSpy errors(&qat, &QatSession::errorReported);
  EXPECT_FALSE(qat.start(twoEpochs()));  // nothing calibrated yet
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(1).toString().contains(QStringLiteral("calibrate"))) << errors.at(0).at(1).toString().toStdString();

  ASSERT_TRUE(openDemo(session));
  QSignalSpy failed(&qat, &QatSession::failed);
  ASSERT_TRUE(qat.start(twoEpochs(), QStringLiteral("/nonexistent/training")));
  ASSERT_TRUE(finished(qat));
  ASSERT_EQ(failed.count(), 1);
  EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("/nonexistent/training")))
      << failed.at(0).at(0).toString().toStdString();
}

TEST(QatPanel, TheTrainedModelExportsAsQdqOnnxAndQParams) {
  AnalysisSession session;
  QatSession qat(&session);
  ASSERT_TRUE(openDemo(session));
  ASSERT_TRUE(qat.start(twoEpochs(), {}, kTrainCount));
  ASSERT_TRUE(finished(qat));
  const QatResult& result = *qat.result();
  QTemporaryDir dir;
  const QString onnx = dir.filePath(QStringLiteral("demo_qat.onnx"));
  EXPECT_EQ(exportQuantizedModel(onnx, result.graph, result.plan, result.state), QString());
  const Model reloaded = importOnnxFile(onnx.toStdString());
  EXPECT_GT(reloaded.graph.nodes.size(), session.model()->prepared.nodes.size());  // Q/DQ pairs added
  const QString json = dir.filePath(QStringLiteral("demo_qat.json"));
  EXPECT_EQ(exportQuantizedModel(json, result.graph, result.plan, result.state), QString());
  EXPECT_GT(std::filesystem::file_size(json.toStdString()), 100u);
  const QString wrong = exportQuantizedModel(dir.filePath(QStringLiteral("demo.txt")), result.graph, result.plan, result.state);
  EXPECT_TRUE(wrong.contains(QStringLiteral(".onnx"))) << wrong.toStdString();
}
