// Writes a command's machine-readable result where --json asked for it ("-" = stdout).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/analysis/model_summary.h"
#include "core/graph/graph.h"

namespace quantlens::cli {

void writeJson(const nlohmann::ordered_json& result, const std::string& destination);

nlohmann::ordered_json valueInfoJson(const ValueInfo& value);
nlohmann::ordered_json unsupportedJson(const std::vector<UnsupportedOperator>& operators);

}  // namespace quantlens::cli
