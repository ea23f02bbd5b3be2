// Writes a command's machine-readable result where --json asked for it ("-" = stdout).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/analysis/model_summary.h"
#include "core/graph/graph.h"

namespace quantlens::cli {

// "-" writes to the process's standard output as it was when reserveStdoutForJson() ran.
void writeJson(const nlohmann::ordered_json& result, const std::string& destination);

// For `--json -`: keeps standard output for the JSON alone and sends everything else printed
// there (the human summary) to standard error, so that the output parses.
void reserveStdoutForJson();

// The value, or null.
nlohmann::ordered_json optionalJson(std::optional<double> value);
// "91.23%" or "n/a", for the human summary.
std::string percent(std::optional<double> fraction);

nlohmann::ordered_json valueInfoJson(const ValueInfo& value);
nlohmann::ordered_json unsupportedJson(const std::vector<UnsupportedOperator>& operators);

}  // namespace quantlens::cli
