// The quantization options of CLI.md (quantize, bench, qat and the GUI's command line), parsed into
// a QuantConfig, and the configuration described back as option/value pairs for JSON and reports.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/config/command_line.h"
#include "core/quant/quant_config.h"

namespace quantlens {

// --observer --percentile --averaging-constant --entropy-variant --weight-observer --granularity
// --weight-dtype --act-dtype --weight-scheme --act-scheme --reduce-range --reference
std::vector<OptionSpec> quantOptionSpecs();
// The options of a command that quantizes (quantize, qat, bench, the GUI's command line): the data
// options, the quantization options and the command's own.
std::vector<OptionSpec> quantizingCommandOptionSpecs(std::initializer_list<OptionSpec> own = {});

// QuantConfig::defaults() overridden by the options given. UsageError naming the option for a
// malformed value; Error (exit 2) for a combination no scheme accepts (e.g. affine fp8).
QuantConfig quantConfigFromCommandLine(const CommandLine& cl);

// One option in effect: its CLI name and value (a number when it is one).
struct ConfigEntry {
  std::string option;
  std::string text;
  std::optional<double> number;
};
// Every option in effect, after defaults, in the order of quantOptionSpecs().
std::vector<ConfigEntry> describeQuantConfig(const QuantConfig& config);

}  // namespace quantlens
