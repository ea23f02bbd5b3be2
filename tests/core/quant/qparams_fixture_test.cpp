// Scale and zero point against fixtures from the real torch 1.13 observers and a numpy transcription
// of ONNX Runtime's compute_scale_zp (tests/data/quant/*.json, made by
// tools/make_qparams_fixtures.py): scale within 1e-6 relative, zero point exact.
#include <limits>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/quant/qparams.h"
#include "tests/core/quant/quant_test_support.h"

namespace quantlens {
namespace {

using testing::f32;
using testing::f32Vector;
using testing::loadQuantFixture;
using testing::relativeError;
using testing::schemeFromFixture;

constexpr double kScaleTolerance = 1e-6;

struct NamedRange {
  std::string name;
  float min;
  float max;
};

std::vector<NamedRange> rangesOf(const nlohmann::json& fixture) {
  std::vector<NamedRange> ranges;
  for (const auto& r : fixture.at("ranges")) ranges.push_back({r[0].get<std::string>(), f32(r[1]), f32(r[2])});
  return ranges;
}

// Checks every (range → [scale, zero point]) of one fixture scheme; returns how many were checked.
int checkPerTensorCase(const nlohmann::json& c, const std::vector<NamedRange>& ranges, QuantReference reference) {
  const QuantScheme scheme = schemeFromFixture(c, reference);
  const std::string label = scheme.describe();
  EXPECT_EQ(scheme.quantRange(), (QuantRange{c.at("quant_range")[0].get<int32_t>(), c.at("quant_range")[1].get<int32_t>()}))
      << label;
  const auto& expected = c.at("qparams");
  EXPECT_EQ(expected.size(), ranges.size()) << label;
  int checked = 0;
  for (size_t i = 0; i < ranges.size() && i < expected.size(); ++i) {
    const float scale = f32(expected[i][0]);
    const auto zeroPoint = expected[i][1].get<int32_t>();
    const QParams params = computeQParams(ranges[i].min, ranges[i].max, scheme);
    EXPECT_LE(relativeError(params.scales[0], scale), kScaleTolerance)
        << label << " range " << ranges[i].name << ": scale " << params.scales[0] << " vs " << scale;
    EXPECT_EQ(params.zeroPoints[0], zeroPoint) << label << " range " << ranges[i].name;
    ++checked;
  }
  if (c.contains("uninitialised")) {
    constexpr float kInf = std::numeric_limits<float>::infinity();
    const QParams params = computeQParams(kInf, -kInf, scheme);
    EXPECT_EQ(params.scales[0], f32(c.at("uninitialised")[0])) << label;
    EXPECT_EQ(params.zeroPoints[0], c.at("uninitialised")[1].get<int32_t>()) << label;
    ++checked;
  }
  return checked;
}

TEST(QParamsFixtures, MatchPyTorchMinMaxObserversForEveryRangeAndScheme) {
  const nlohmann::json fixture = loadQuantFixture("pytorch_qparams.json");
  const std::vector<NamedRange> ranges = rangesOf(fixture);
  int checked = 0;
  int rejected = 0;
  for (const auto& c : fixture.at("per_tensor")) {
    if (c.contains("error")) {
      // PyTorch raised NotImplementedError for this scheme; QuantLens refuses it too.
      EXPECT_THROW(schemeFromFixture(c, QuantReference::PyTorch).validate(), Error) << c.dump();
      ++rejected;
      continue;
    }
    checked += checkPerTensorCase(c, ranges, QuantReference::PyTorch);
  }
  EXPECT_GE(checked, 1000);
  EXPECT_EQ(rejected, 6);
}

TEST(QParamsFixtures, MatchPyTorchPerChannelMinMaxObserver) {
  const nlohmann::json fixture = loadQuantFixture("pytorch_qparams.json");
  const std::vector<NamedRange> ranges = rangesOf(fixture);
  std::vector<float> mins;
  std::vector<float> maxs;
  for (const NamedRange& r : ranges) {
    mins.push_back(r.min);
    maxs.push_back(r.max);
  }
  int checked = 0;
  for (const auto& c : fixture.at("per_channel")) {
    QuantScheme scheme = schemeFromFixture(c, QuantReference::PyTorch);
    scheme.granularity = Granularity::perChannel(0);
    const QParams params = computeQParams(mins, maxs, scheme);
    const std::vector<float> scales = f32Vector(c.at("scales"));
    const auto zeroPoints = c.at("zero_points").get<std::vector<int32_t>>();
    ASSERT_EQ(params.scales.size(), scales.size());
    for (size_t i = 0; i < scales.size(); ++i) {
      EXPECT_LE(relativeError(params.scales[i], scales[i]), kScaleTolerance)
          << scheme.describe() << " channel " << ranges[i].name;
      EXPECT_EQ(params.zeroPoints[i], zeroPoints[i]) << scheme.describe() << " channel " << ranges[i].name;
      ++checked;
    }
  }
  EXPECT_GE(checked, 300);
}

TEST(QParamsFixtures, MatchOnnxRuntimeComputeScaleZpForEveryTypeAndRange) {
  const nlohmann::json fixture = loadQuantFixture("onnxruntime_qparams.json");
  const std::vector<NamedRange> ranges = rangesOf(fixture);
  int checked = 0;
  for (const auto& c : fixture.at("per_tensor")) checked += checkPerTensorCase(c, ranges, QuantReference::OnnxRuntime);
  EXPECT_GE(checked, 500);
}

TEST(QParamsFixtures, MatchOnnxRuntimeMinimumRealRange) {
  const nlohmann::json fixture = loadQuantFixture("onnxruntime_qparams.json");
  for (const auto& c : fixture.at("min_real_range")) {
    const QuantScheme scheme = schemeFromFixture(c, QuantReference::OnnxRuntime);
    const QParams params = computeQParams(f32(c.at("min")), f32(c.at("max")), scheme);
    EXPECT_LE(relativeError(params.scales[0], f32(c.at("scale"))), kScaleTolerance) << c.dump();
    EXPECT_EQ(params.zeroPoints[0], c.at("zero_point").get<int32_t>()) << c.dump();
  }
}

}  // namespace
}  // namespace quantlens
