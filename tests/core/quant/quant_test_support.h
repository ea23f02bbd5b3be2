// Test support for core/quant: reading the JSON fixtures of tools/make_qparams_fixtures.py.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/quant/quant_scheme.h"

namespace quantlens::testing {

inline nlohmann::json loadQuantFixture(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(QUANTLENS_SOURCE_DIR) / "tests/data/quant" / name;
  std::ifstream file(path);
  if (!file) {
    ADD_FAILURE() << "missing fixture " << path << " (regenerate with /usr/bin/python3 tools/make_qparams_fixtures.py)";
    return nlohmann::json::object();
  }
  return nlohmann::json::parse(file);
}

// Fixture numbers are float32 values written as their shortest decimals; double → float restores
// them exactly (the generator checks this).
inline float f32(const nlohmann::json& value) { return static_cast<float>(value.get<double>()); }

inline std::vector<float> f32Vector(const nlohmann::json& values) {
  std::vector<float> out;
  for (const auto& v : values) out.push_back(f32(v));
  return out;
}

// The QuantLens scheme a fixture case describes ("quant_dtype", "symmetric", "reduce_range",
// "custom_range").
inline QuantScheme schemeFromFixture(const nlohmann::json& c, QuantReference reference) {
  QuantScheme scheme = QuantScheme::make(parseQuantDtype(c.at("quant_dtype").get<std::string>()),
                                         c.at("symmetric").get<bool>(), Granularity::perTensor(), reference);
  scheme.reduceRange = c.at("reduce_range").get<bool>();
  if (c.contains("custom_range") && !c.at("custom_range").is_null()) {
    scheme.quantMin = c.at("custom_range")[0].get<int32_t>();
    scheme.quantMax = c.at("custom_range")[1].get<int32_t>();
  }
  if (c.contains("min_real_range")) scheme.minRealRange = f32(c.at("min_real_range"));
  return scheme;
}

inline double relativeError(float actual, float expected) {
  return std::fabs(static_cast<double>(actual) - expected) / std::fabs(static_cast<double>(expected));
}

}  // namespace quantlens::testing
