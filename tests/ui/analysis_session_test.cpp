// Tests of the analysis session: calibration of the demo, re-deriving on a control change without a
// model run, background re-evaluation, overrides, cancellation and the errors a user's data can cause.
#include "ui/analysis_session.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>

#include "core/quant/activation_quantization.h"
#include "core/quant/observer_factory.h"
#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

namespace {

// The first observed activation that a layer produces (a ReLU output: a long right tail where
// minmax and a percentile clip differ).
std::string firstLayerOutput(const AnalysisSession& session) {
  return qparamsSource(session.model()->plan, session.model()->plan.layers.front().output);
}

QuantConfig withObserver(QuantConfig config, ObserverKind kind) {
  config.activationObserver.kind = kind;
  return config;
}

}  // namespace

TEST(AnalysisSession, CalibratesTheDemoAndEvaluatesIt) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  ASSERT_NE(session.calibration(), nullptr);
  EXPECT_EQ(session.calibration()->samples, 300);  // every demo image (calib-count 512 > 300)
  EXPECT_EQ(session.calibration()->skipped, 0);
  ASSERT_TRUE(session.accuracy().has_value());
  // resources/demo/fashion_cnn.json: PyTorch's top-1 on these 300 images is 0.933333.
  EXPECT_NEAR(*session.accuracy()->fp32.score.top1(), 0.933333, 1e-5);
  EXPECT_EQ(session.layerErrors().size(), session.model()->plan.layers.size());
  ASSERT_TRUE(session.size().has_value());
  EXPECT_LT(session.size()->quantizedBytes, session.size()->fp32Bytes);
  EXPECT_EQ(session.modelRuns(), 2);  // one calibration, one evaluation
}

TEST(AnalysisSession, AnObserverChangeReDerivesFromCachedStatisticsWithoutAModelRun) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  const std::string tensor = firstLayerOutput(session);
  const TensorStatistics& statistics = session.calibration()->statistics.at(tensor);

  ASSERT_TRUE(session.setConfig(withObserver(session.config(), ObserverKind::MinMax)));
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  const int runs = session.modelRuns();
  const ClipRange minmax = session.state()->activations.at(tensor).clip;
  // MinMaxObserver's range is the range calibration saw.
  EXPECT_EQ(minmax, statistics.range());

  QSignalSpy derived(&session, &AnalysisSession::quantizationChanged);
  QuantConfig percentile = withObserver(session.config(), ObserverKind::Percentile);
  percentile.activationObserver.percentile = 99.9;
  ASSERT_TRUE(session.setConfig(percentile));
  // Synchronous: the new state is there before control returns, and nothing ran the model.
  EXPECT_EQ(derived.count(), 1);
  EXPECT_EQ(session.modelRuns(), runs);
  EXPECT_TRUE(session.isEvaluationStale());
  const ClipRange clipped = session.state()->activations.at(tensor).clip;
  EXPECT_NE(clipped, minmax);
  EXPECT_LT(clipped.max, minmax.max);  // the 99.9th percentile of |x| lies inside the ReLU output's range
  const ObserverSettings settings = activationObserverFor(percentile.activationObserver, *percentile.activationScheme);
  EXPECT_EQ(clipped, observeRanges(statistics, settings).at(0));
  EXPECT_EQ(session.state()->config, percentile);

  // Accuracy and output SQNR follow in the background: exactly one more pass, an evaluation.
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_EQ(session.modelRuns(), runs + 1);
}

TEST(AnalysisSession, AGranularityChangeChangesTheWeightScales) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  QuantConfig perTensor = session.config();
  perTensor.weightScheme.granularity = Granularity::perTensor();
  ASSERT_TRUE(session.setConfig(perTensor));
  for (const LayerQuant& layer : session.state()->layers) EXPECT_EQ(layer.weight->qparams.scales.size(), 1u);
  QuantConfig perChannel = perTensor;
  perChannel.weightScheme.granularity = Granularity::perChannel();
  ASSERT_TRUE(session.setConfig(perChannel));
  const Tensor& stemWeight = *session.model()->prepared.initializer(session.model()->plan.layers[0].weight);
  EXPECT_EQ(session.state()->layers[0].weight->qparams.scales.size(), static_cast<size_t>(stemWeight.dim(0)));
}

TEST(AnalysisSession, OverridesReachTheQuantConfigAndTheState) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  const std::string stem = session.model()->plan.layers[0].name;
  const std::string fc = session.model()->plan.layers.back().name;
  ASSERT_TRUE(session.setLayerOverride(stem, LayerOverride{true, std::nullopt}));
  ASSERT_TRUE(session.setLayerOverride(fc, LayerOverride{false, 4}));
  EXPECT_TRUE(session.config().overrides.at(stem).keepFloat);
  EXPECT_EQ(session.config().overrides.at(fc).weightBits, 4);
  EXPECT_FALSE(session.state()->layers.front().quantized);
  EXPECT_EQ(session.state()->layers.back().weight->qparams.scheme.bits, 4);
  EXPECT_EQ(session.state()->layers.back().weight->qparams.scheme.dtype, QuantDtype::Int4);
  ASSERT_TRUE(session.setLayerOverride(stem, LayerOverride{}));  // an empty override removes it
  EXPECT_EQ(session.config().overrides.count(stem), 0u);
  EXPECT_TRUE(session.state()->layers.front().quantized);
}

TEST(AnalysisSession, AnInvalidConfigurationIsReportedAndChangesNothing) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  const QuantState* before = session.state();
  QSignalSpy errors(&session, &AnalysisSession::errorReported);
  QuantConfig affineFp8 = session.config();
  affineFp8.weightScheme.dtype = QuantDtype::Fp8E4M3;
  affineFp8.weightScheme.symmetric = false;  // FP8 has no zero point (QuantScheme::validate)
  EXPECT_FALSE(session.setConfig(affineFp8));
  ASSERT_EQ(errors.count(), 1);
  EXPECT_TRUE(errors.at(0).at(1).toString().contains("symmetric")) << errors.at(0).at(1).toString().toStdString();
  EXPECT_EQ(session.state(), before);
  EXPECT_NE(session.config(), affineFp8);
}

TEST(AnalysisSession, CancelStopsACalibrationAndLeavesAUsableSession) {
  AnalysisSession session;
  SamplingOptions slow;
  slow.batchSize = 1;  // 300 batches: cancelled long before the end
  session.setSampling(slow);
  QSignalSpy calibrated(&session, &AnalysisSession::calibrated);
  QSignalSpy cancelled(&session, &AnalysisSession::cancelled);
  QSignalSpy progress(&session, &AnalysisSession::progress);
  session.openModel(kDemoModel);
  session.setCalibrationData(kDemoImages);
  ASSERT_TRUE(waitFor([&] { return !progress.isEmpty(); }));
  ASSERT_EQ(session.stage(), AnalysisSession::Stage::Calibrating);
  session.cancel();
  EXPECT_EQ(cancelled.count(), 1);
  EXPECT_FALSE(session.isBusy());
  // The worker stops at its next batch; whatever it posts afterwards is dropped.
  QThreadPool::globalInstance()->waitForDone();
  QTest::qWait(50);
  EXPECT_EQ(calibrated.count(), 0);
  EXPECT_EQ(session.calibration(), nullptr);
  EXPECT_EQ(session.state(), nullptr);
  const qint64 lastDone = progress.last().at(1).toLongLong();
  EXPECT_LT(lastDone, 300);

  // Consistent afterwards: calibrating again completes.
  slow.batchSize = 32;
  session.setSampling(slow);
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_EQ(calibrated.count(), 1);
  EXPECT_EQ(session.calibration()->samples, 300);
}

TEST(AnalysisSession, AConfigChangeCancelsARunningEvaluation) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  session.setEvaluationDelay(0);
  QSignalSpy evaluated(&session, &AnalysisSession::evaluationChanged);
  ASSERT_TRUE(session.setConfig(withObserver(session.config(), ObserverKind::MinMax)));
  ASSERT_TRUE(waitFor([&] { return session.stage() == AnalysisSession::Stage::Evaluating; }));
  ASSERT_TRUE(session.setConfig(withObserver(session.config(), ObserverKind::Entropy)));
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  // The results are those of the last configuration.
  EXPECT_EQ(session.state()->config.activationObserver.kind, ObserverKind::Entropy);
  EXPECT_EQ(session.accuracy()->quantized.score.samples(), 300);
  EXPECT_FALSE(session.isEvaluationStale());
}

TEST(AnalysisSession, ASeparateEvaluationSetIsScoredWithoutRecalibrating) {
  // 3 images of each of the 10 classes, as an image folder.
  QTemporaryDir dir;
  int copied = 0;
  for (const QString& cls : QDir(kDemoImages).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    ASSERT_TRUE(QDir().mkpath(dir.filePath(cls)));
    const QStringList images = QDir(kDemoImages + "/" + cls).entryList({"*.png"}, QDir::Files, QDir::Name);
    for (qsizetype i = 0; i < 3; ++i, ++copied)
      ASSERT_TRUE(QFile::copy(kDemoImages + "/" + cls + "/" + images[i], dir.filePath(cls + "/" + images[i])));
  }
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  const CalibrationResult* calibration = session.calibration();
  const int runs = session.modelRuns();
  session.setEvaluationData(dir.path());
  EXPECT_TRUE(session.isEvaluationStale());
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_EQ(session.calibration(), calibration);  // the statistics were kept
  EXPECT_EQ(session.modelRuns(), runs + 1);
  EXPECT_EQ(session.accuracy()->fp32.score.samples(), copied);
}

TEST(AnalysisSession, UnreadableImagesAreSkippedAndCounted) {
  QTemporaryDir dir;
  const QString classDir = dir.filePath("0_T-shirt");
  ASSERT_TRUE(QDir().mkpath(classDir));
  const QStringList images = QDir(kDemoImages + "/0_T-shirt").entryList({"*.png"}, QDir::Files, QDir::Name);
  for (qsizetype i = 0; i < 4; ++i)
    ASSERT_TRUE(QFile::copy(kDemoImages + "/0_T-shirt/" + images[i], classDir + "/" + images[i]));
  for (const char* name : {"broken1.png", "broken2.png"}) {
    QFile broken(classDir + "/" + name);
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("not a png");
  }
  AnalysisSession session;
  QSignalSpy errors(&session, &AnalysisSession::errorReported);
  session.openModel(kDemoModel);
  session.setCalibrationData(dir.path());
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_EQ(session.calibration()->samples, 4);
  EXPECT_EQ(session.calibration()->skipped, 2);
  ASSERT_GE(errors.count(), 1);
  const QString message = errors.at(0).at(1).toString();
  EXPECT_TRUE(message.startsWith("2 of the samples")) << message.toStdString();
  EXPECT_TRUE(message.contains("broken1.png")) << message.toStdString();
  EXPECT_TRUE(message.contains("broken2.png")) << message.toStdString();
}

TEST(AnalysisSession, AFolderThatIsNoDatasetIsReportedByName) {
  QTemporaryDir empty;
  AnalysisSession session;
  QSignalSpy errors(&session, &AnalysisSession::errorReported);
  session.openModel(kDemoModel);
  session.setCalibrationData(empty.path());
  ASSERT_TRUE(waitFor([&] { return !errors.isEmpty(); }));
  EXPECT_TRUE(errors.at(0).at(1).toString().contains(empty.path())) << errors.at(0).at(1).toString().toStdString();
  EXPECT_EQ(session.state(), nullptr);
  EXPECT_FALSE(session.isBusy());
}
