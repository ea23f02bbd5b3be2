// JSON output helpers shared by the commands.
#include "app/cli/json_output.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "core/error.h"

namespace quantlens::cli {

namespace {
int g_jsonFd = STDOUT_FILENO;  // where "-" goes
}  // namespace

void reserveStdoutForJson() {
  std::cout.flush();
  std::fflush(stdout);
  g_jsonFd = ::dup(STDOUT_FILENO);
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

void writeJson(const nlohmann::ordered_json& result, const std::string& destination) {
  const std::string text = result.dump(2) + "\n";
  if (destination == "-") {
    std::cout.flush();
    std::fflush(stdout);
    for (size_t written = 0; written < text.size();) {
      const ssize_t n = ::write(g_jsonFd, text.data() + written, text.size() - written);
      if (n <= 0) throw Error("cannot write the JSON result to standard output");
      written += static_cast<size_t>(n);
    }
    return;
  }
  std::ofstream file(destination);
  if (!file || !(file << text)) throw Error("cannot write the JSON result to " + destination);
}

nlohmann::ordered_json optionalJson(std::optional<double> value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

std::string percent(std::optional<double> fraction) {
  if (!fraction) return "n/a";
  char text[16];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * *fraction);
  return text;
}

nlohmann::ordered_json valueInfoJson(const ValueInfo& value) {
  nlohmann::ordered_json shape = nlohmann::ordered_json::array();
  for (const Dim& d : value.shape) {
    if (d.isKnown()) shape.push_back(d.value);
    else shape.push_back(d.symbol.empty() ? "?" : d.symbol);
  }
  return {{"name", value.name}, {"dtype", dataTypeName(value.dtype)}, {"shape", shape}};
}

nlohmann::ordered_json unsupportedJson(const std::vector<UnsupportedOperator>& operators) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const UnsupportedOperator& op : operators)
    list.push_back({{"op", op.opType}, {"domain", op.domain}, {"nodes", op.nodeNames}});
  return list;
}

}  // namespace quantlens::cli
