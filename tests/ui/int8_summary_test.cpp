// Tests of the int8 executor in the analysis session and the summary panel: its accuracy against the
// core's own int8 evaluation, FP32 vs int8 latency, the float-only reason and the stale marking.
#include <gtest/gtest.h>

#include "core/analysis/int8_accuracy.h"
#include "core/data/preprocessor.h"
#include "core/data/sample_order.h"
#include "core/runtime/int8/int8_model.h"
#include "tests/ui/demo_session.h"
#include "tests/ui/qt_printers.h"
#include "ui/analysis_session.h"
#include "ui/number_format.h"
#include "ui/quant_summary_panel.h"

using namespace quantlens;
using namespace quantlens::ui;
using namespace quantlens::ui::testing;

namespace {

// What `quantlens-cli quantize` reports as the int8 block for the session's state: the core's int8
// evaluation, run here directly on the same samples.
EvaluationResult coreInt8Evaluation(const AnalysisSession& session) {
  const Dataset& data = *session.calibrationDataset();
  const auto indices = sampleOrder(data.size(), session.sampling().evalCount, session.sampling().shuffleSeed);
  BatchLoopOptions loop;
  loop.batchSize = session.sampling().batchSize;
  const Int8Model model(session.model()->prepared, session.model()->plan, *session.state());
  return evaluateInt8Model(model, data, indices, Preprocessor(session.preprocessing()), loop);
}

QuantConfig int4PerGroup(QuantConfig config) {
  config.weightScheme.dtype = QuantDtype::Int4;
  config.weightScheme.bits = 4;
  config.weightScheme.granularity = Granularity::perGroup(16);
  return config;
}

}  // namespace

TEST(Int8Summary, TheInt8ExecutorIsEvaluatedAndTimedOnTheDemo) {
  AnalysisSession session;
  QuantSummaryPanel panel(&session);
  ASSERT_TRUE(openDemo(session));
  ASSERT_TRUE(session.int8().has_value());
  const Int8Evaluation& int8 = *session.int8();
  EXPECT_TRUE(int8.floatOnly.isEmpty()) << int8.floatOnly.toStdString();
  EXPECT_EQ(int8.floatLayers, 0);  // the default config (int8 per-channel, uint8 activations) is all integer
  ASSERT_TRUE(int8.accuracy.has_value());
  const EvaluationResult core = coreInt8Evaluation(session);
  EXPECT_EQ(int8.accuracy->score.samples(), 300);
  EXPECT_EQ(int8.accuracy->score.top1(), core.score.top1());
  EXPECT_EQ(int8.accuracy->score.top5(), core.score.top5());
  // The int8 executor computes the fake-quant model's codes except at float near-ties
  // (int8_model.h): the same top-1 within 0.1 percentage point.
  EXPECT_NEAR(*int8.accuracy->score.top1(), *session.accuracy()->quantized.score.top1(), 0.001);
  EXPECT_EQ(int8.agreementWithQuantized,
            agreement(session.accuracy()->quantized.score.predictions(), core.score.predictions()));
  ASSERT_TRUE(int8.latency.has_value());
  EXPECT_EQ(int8.latency->batch, 1);
  EXPECT_GT(int8.latency->fp32Ms, 0.0);
  EXPECT_GT(int8.latency->int8Ms, 0.0);
  EXPECT_EQ(session.modelRuns(), 2);  // int8 evaluation and timing belong to the one evaluation

  EXPECT_EQ(panel.top1(2), formatPercent(*int8.accuracy->score.top1()));
  EXPECT_TRUE(panel.int8Note().isEmpty()) << panel.int8Note().toStdString();
  EXPECT_TRUE(panel.latencyText(0).endsWith(" ms")) << panel.latencyText(0).toStdString();
  EXPECT_TRUE(panel.latencyText(1).endsWith(" ms")) << panel.latencyText(1).toStdString();
  EXPECT_TRUE(panel.latencyText(2).contains("×")) << panel.latencyText(2).toStdString();
}

TEST(Int8Summary, Int4PerGroupWeightsShowTheFloatOnlyReason) {
  AnalysisSession session;
  QuantSummaryPanel panel(&session);
  ASSERT_TRUE(openDemo(session));
  ASSERT_TRUE(session.setConfig(int4PerGroup(session.config())));
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  ASSERT_TRUE(session.int8().has_value());
  const Int8Evaluation& int8 = *session.int8();
  // int8_layer_step.cpp: per-group weights fit no integer kernel (several scales per accumulator),
  // so no layer runs one.
  EXPECT_EQ(int8.floatLayers, int8.layers);
  EXPECT_TRUE(int8.floatOnly.startsWith("per-group weights")) << int8.floatOnly.toStdString();
  EXPECT_FALSE(int8.accuracy.has_value());
  EXPECT_FALSE(int8.latency.has_value());
  EXPECT_EQ(panel.top1(2), "float only");
  EXPECT_EQ(panel.int8Note(), "int8: float only: " + int8.floatOnly);
  EXPECT_EQ(panel.latencyText(1), "—");
}

TEST(Int8Summary, Int8ResultsAreMarkedStaleWhileTheyAreRecomputed) {
  AnalysisSession session;
  QuantSummaryPanel panel(&session);
  ASSERT_TRUE(openDemo(session));
  const QString before = panel.top1(2);
  const double fp32Ms = session.int8()->latency->fp32Ms;
  QuantConfig perTensor = session.config();
  perTensor.weightScheme.granularity = Granularity::perTensor();
  ASSERT_TRUE(session.setConfig(perTensor));
  // The old figures stay, greyed and marked, until the new ones arrive.
  EXPECT_TRUE(session.isEvaluationStale());
  EXPECT_TRUE(panel.showsStale());
  EXPECT_TRUE(panel.top1(2).startsWith(before)) << panel.top1(2).toStdString();
  EXPECT_TRUE(panel.top1(2).contains("updating")) << panel.top1(2).toStdString();
  EXPECT_TRUE(panel.int8AgreementText().contains("updating")) << panel.int8AgreementText().toStdString();
  EXPECT_EQ(session.int8()->latency->fp32Ms, fp32Ms);

  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_FALSE(panel.showsStale());
  EXPECT_FALSE(panel.top1(2).contains("updating"));
  EXPECT_EQ(session.int8()->accuracy->score.top1(), coreInt8Evaluation(session).score.top1());
}

TEST(Int8Summary, CancellingTheReEvaluationKeepsTheLastInt8Figures) {
  AnalysisSession session;
  ASSERT_TRUE(openDemo(session));
  session.setEvaluationDelay(0);
  const auto top1 = session.int8()->accuracy->score.top1();
  QuantConfig perTensor = session.config();
  perTensor.weightScheme.granularity = Granularity::perTensor();
  ASSERT_TRUE(session.setConfig(perTensor));
  ASSERT_TRUE(waitFor([&] { return session.stage() == AnalysisSession::Stage::Evaluating; }));
  session.cancel();
  EXPECT_FALSE(session.isBusy());
  EXPECT_TRUE(session.isEvaluationStale());
  ASSERT_TRUE(session.int8().has_value());
  EXPECT_EQ(session.int8()->accuracy->score.top1(), top1);
  // Consistent afterwards: evaluating again completes.
  session.evaluate();
  ASSERT_TRUE(waitFor([&] { return isSettled(session); }));
  EXPECT_TRUE(session.int8()->latency.has_value());
}
