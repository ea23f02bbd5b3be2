// Test support for observers: the JSON fixtures of tools/make_observer_fixtures.py and their inputs.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/quant/clip_range.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens::testing {

// splitmix64, as SplitMix64 in tools/make_observer_fixtures.py.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : m_state(seed) {}
  uint64_t next() {
    m_state += 0x9E3779B97F4A7C15ull;
    uint64_t z = m_state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // 24 random bits in [0, 1): exact in float32 and double.
  double uniform() { return static_cast<double>(next() >> 40) * (1.0 / 16777216.0); }

private:
  uint64_t m_state;
};

// The float32 values of one batch spec, bit for bit as generate() in the script: double arithmetic
// in the same order, rounded once to float32.
inline std::vector<float> generateBatch(const nlohmann::json& spec) {
  const std::string kind = spec.at("kind");
  const int64_t count = spec.value("count", int64_t{0});
  std::vector<double> values;
  if (kind == "uniform") {
    SplitMix64 rng(spec.at("seed").get<uint64_t>());
    const double lo = spec.at("low"), hi = spec.at("high");
    for (int64_t i = 0; i < count; ++i) values.push_back(lo + (hi - lo) * rng.uniform());
  } else if (kind == "bell") {
    SplitMix64 rng(spec.at("seed").get<uint64_t>());
    const double c = spec.at("center"), s = spec.at("scale");
    for (int64_t i = 0; i < count; ++i) {
      double t = rng.uniform();
      t += rng.uniform();
      t += rng.uniform();
      t += rng.uniform();
      values.push_back(c + s * (t - 2.0));
    }
  } else if (kind == "cubic") {
    SplitMix64 rng(spec.at("seed").get<uint64_t>());
    const double c = spec.at("center"), s = spec.at("scale");
    for (int64_t i = 0; i < count; ++i) {
      const double t = 2.0 * rng.uniform() - 1.0;
      values.push_back(c + s * (t * t * t));
    }
  } else if (kind == "linspace") {
    const double start = spec.at("start"), stop = spec.at("stop");
    const double step = (stop - start) / static_cast<double>(count - 1);
    for (int64_t i = 0; i + 1 < count; ++i) values.push_back(static_cast<double>(i) * step + start);
    values.push_back(stop);
  } else if (kind == "values") {
    for (double v : spec.at("values")) values.push_back(v);
  } else {
    ADD_FAILURE() << "unknown batch kind " << kind;
  }
  if (spec.value("relu", false))
    for (double& v : values) v = std::max(v, 0.0);
  if (spec.contains("append"))
    for (double v : spec.at("append")) values.push_back(v);
  return std::vector<float>(values.begin(), values.end());
}

inline std::vector<int64_t> batchShape(const nlohmann::json& spec, size_t count) {
  if (spec.contains("shape")) return spec.at("shape").get<std::vector<int64_t>>();
  return {static_cast<int64_t>(count)};
}

inline nlohmann::json loadObserverFixture(const std::string& fileName) {
  const std::string path = std::string(QUANTLENS_SOURCE_DIR) + "/tests/data/quant/observers/" + fileName;
  std::ifstream file(path);
  if (!file) {
    ADD_FAILURE() << "cannot open " << path << " (regenerate with /usr/bin/python3 tools/make_observer_fixtures.py)";
    return nlohmann::json::object({{"cases", nlohmann::json::array()}});
  }
  return nlohmann::json::parse(file);
}

// Statistics of every batch of a fixture case.
inline TensorStatistics statisticsOf(const nlohmann::json& testCase, TensorStatisticsOptions options = {}) {
  TensorStatistics statistics(options);
  statistics.setName(testCase.at("name"));
  for (const nlohmann::json& spec : testCase.at("batches")) {
    const std::vector<float> values = generateBatch(spec);
    statistics.update(values, batchShape(spec, values.size()));
  }
  return statistics;
}

// |actual - expected| <= 1e-6 * |expected| (and exact for 0), the fixtures' comparison rule.
inline ::testing::AssertionResult nearlyEqual(double actual, double expected, double relative = 1e-6) {
  if (std::fabs(actual - expected) <= relative * std::fabs(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "actual " << actual << " vs expected " << expected << " (relative error "
                                       << std::fabs(actual - expected) / std::fabs(expected) << ")";
}

inline void expectRangesMatch(const std::vector<ClipRange>& ranges, const nlohmann::json& testCase) {
  const std::vector<double> mins = testCase.at("min"), maxs = testCase.at("max");
  ASSERT_EQ(ranges.size(), mins.size()) << testCase.at("name");
  for (size_t i = 0; i < ranges.size(); ++i) {
    EXPECT_TRUE(nearlyEqual(ranges[i].min, mins[i])) << testCase.at("name") << " min[" << i << "]";
    EXPECT_TRUE(nearlyEqual(ranges[i].max, maxs[i])) << testCase.at("name") << " max[" << i << "]";
  }
}

}  // namespace quantlens::testing
