// Findings: each rule fires on evidence past its threshold, not below it, and cites its numbers.
#include "core/analysis/findings.h"

#include <gtest/gtest.h>

namespace quantlens {
namespace {

TEST(RangeSpread, IsWidestOverNarrowestChannelIgnoringFlatOnes) {
  // widths 2, 0.5, 0 (flat, ignored), 1 → 2 / 0.5 = 4
  const ClipRange ranges[] = {{-1.0f, 1.0f}, {-0.25f, 0.25f}, {0.3f, 0.3f}, {0.0f, 1.0f}};
  ASSERT_TRUE(rangeSpread(ranges).has_value());
  EXPECT_DOUBLE_EQ(*rangeSpread(ranges), 4.0);
  const ClipRange one[] = {{-1.0f, 1.0f}, {0.0f, 0.0f}};
  EXPECT_FALSE(rangeSpread(one).has_value());
}

TEST(Findings, WideChannelSpreadWithCostlyPerTensorRecommendsPerChannel) {
  LayerEvidence e;
  e.layer = "conv3";
  e.channelRangeSpread = 64.0;  // log2(64) = 6 bits
  e.perTensorWeightSqnrDb = 21.0;
  e.perChannelWeightSqnrDb = 41.0;  // 20 dB ≥ 6 dB threshold
  const auto findings = deriveFindings({}, std::span(&e, 1));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Finding::Severity::Warning);
  EXPECT_EQ(findings[0].layer, "conv3");
  EXPECT_EQ(findings[0].title, "per-channel weights recommended");
  EXPECT_NE(findings[0].evidence.find("differ 64×"), std::string::npos) << findings[0].evidence;
  EXPECT_NE(findings[0].evidence.find("6.0 bits"), std::string::npos) << findings[0].evidence;
  EXPECT_NE(findings[0].evidence.find("21.0 dB vs per-channel 41.0 dB"), std::string::npos) << findings[0].evidence;
}

TEST(Findings, WideSpreadUnderPerChannelWeightsSaysToKeepThem) {
  LayerEvidence e;
  e.layer = "conv3";
  e.channelRangeSpread = 64.0;
  e.perTensorWeightSqnrDb = 21.0;
  e.perChannelWeightSqnrDb = 41.0;
  e.perChannelConfigured = true;
  const auto findings = deriveFindings({}, std::span(&e, 1));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Finding::Severity::Info);
  EXPECT_EQ(findings[0].title, "per-channel weights needed");
  EXPECT_NE(findings[0].recommendation.find("per-tensor costs 20.0 dB"), std::string::npos) << findings[0].recommendation;
}

TEST(Findings, SpreadBelowThresholdOrCheapPerTensorIsNotAWarning) {
  LayerEvidence narrow;
  narrow.channelRangeSpread = 9.9;
  narrow.perTensorWeightSqnrDb = 10.0;
  narrow.perChannelWeightSqnrDb = 40.0;
  EXPECT_TRUE(deriveFindings({}, std::span(&narrow, 1)).empty());
  LayerEvidence cheap = narrow;
  cheap.channelRangeSpread = 12.0;
  cheap.perTensorWeightSqnrDb = 37.0;  // 3 dB < 6 dB
  const auto findings = deriveFindings({}, std::span(&cheap, 1));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Finding::Severity::Info);
}

TEST(Findings, SensitiveLayersAreProblemsAndComeFirst) {
  LayerEvidence clipped;
  clipped.layer = "a";
  clipped.activationObserver = "histogram";
  clipped.activationClipFraction = 0.004;  // 0.4 % ≥ 0.1 %
  LayerEvidence fragile;
  fragile.layer = "b";
  fragile.isolatedSqnrDb = 18.0;
  const LayerEvidence layers[] = {clipped, fragile};
  const auto findings = deriveFindings({}, layers);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].layer, "b");
  EXPECT_EQ(findings[0].severity, Finding::Severity::Problem);
  EXPECT_NE(findings[0].evidence.find("18.0 dB"), std::string::npos);
  EXPECT_EQ(findings[1].title, "activation clipping");
  EXPECT_NE(findings[1].evidence.find("histogram observer clips 0.400 %"), std::string::npos) << findings[1].evidence;
}

TEST(Findings, LongTailAndInt4CostAreNotes) {
  LayerEvidence e;
  e.layer = "fc";
  e.activationObserver = "entropy";
  e.minMaxToClipRatio = 8.0;  // log2 8 = 3 bits
  e.weightSqnrDb = 38.0;
  e.int4WeightSqnrDb = 14.5;  // 23.5 dB lost
  e.isolatedSqnrDb = 30.0;    // above 25 dB: not sensitive
  const auto findings = deriveFindings({}, std::span(&e, 1));
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].title, "long activation tail");
  EXPECT_NE(findings[0].evidence.find("3.0 bits"), std::string::npos) << findings[0].evidence;
  EXPECT_EQ(findings[1].title, "int4 weights costly");
  EXPECT_NE(findings[1].evidence.find("14.5 dB vs 38.0 dB as configured (23.5 dB lost)"), std::string::npos)
      << findings[1].evidence;
}

TEST(Findings, AccuracyDropOfOnePointIsAProblemSmallerIsNot) {
  ModelEvidence m;
  m.fp32Top1 = 0.9;
  m.quantizedTop1 = 0.88;  // −2 pp
  m.agreement = 0.95;
  auto findings = deriveFindings(m, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Finding::Severity::Problem);
  EXPECT_NE(findings[0].evidence.find("(-2.00 pp)"), std::string::npos) << findings[0].evidence;
  m.quantizedTop1 = 0.895;  // −0.5 pp
  findings = deriveFindings(m, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].title, "accuracy preserved");
}

// The demo's six observers with made-up scores around a configured histogram observer at 90 % top-1.
ModelEvidence observersAround(double bestAlternativeTop1) {
  ModelEvidence m;
  m.observers = {{"minmax", false, 0.88, 28.5},
                 {"histogram", true, 0.90, 31.7},
                 {"percentile", false, bestAlternativeTop1, 30.6},
                 {"mse", false, 0.89, 33.0}};
  return m;
}

TEST(Findings, AnotherObserverWithOnePointMoreTop1IsRecommended) {
  // percentile 91.00 % vs histogram 90.00 %: +1.00 pp, the threshold.
  const auto findings = deriveFindings(observersAround(0.91), {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Finding::Severity::Warning);
  EXPECT_EQ(findings[0].title, "another activation observer does better");
  EXPECT_NE(findings[0].evidence.find("top-1 91.00 % with the percentile observer vs 90.00 % with histogram (+1.00 pp)"),
            std::string::npos)
      << findings[0].evidence;
  EXPECT_NE(findings[0].evidence.find("mean layer SQNR 30.6 dB with percentile vs 31.7 dB with histogram"),
            std::string::npos)
      << findings[0].evidence;
  EXPECT_NE(findings[0].recommendation.find("--observer percentile"), std::string::npos);
  // +0.99 pp is below the threshold: nothing to recommend (mse's higher SQNR does not count when top-1 was measured).
  EXPECT_TRUE(deriveFindings(observersAround(0.9099), {}).empty());
}

TEST(Findings, WithoutTop1TheObserverWithThreeDbMoreLayerSqnrIsRecommended) {
  ModelEvidence m = observersAround(0.91);
  for (ObserverOutcome& o : m.observers) o.top1.reset();
  // mse 33.0 dB vs histogram 31.7 dB: 1.3 dB, below 3 dB.
  EXPECT_TRUE(deriveFindings(m, {}).empty());
  m.observers[3].meanLayerSqnrDb = 34.7;  // +3.0 dB
  const auto findings = deriveFindings(m, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence, "mean layer SQNR 34.7 dB with mse vs 31.7 dB with histogram");
  EXPECT_NE(findings[0].recommendation.find("--observer mse"), std::string::npos);
}

TEST(Findings, NoObserverFindingWithoutTheConfiguredOneAmongThem) {
  ModelEvidence m = observersAround(0.99);
  m.observers[1].configured = false;
  EXPECT_TRUE(deriveFindings(m, {}).empty());
}

}  // namespace
}  // namespace quantlens
