// Command-line parsing.
#include "core/config/command_line.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace quantlens {

CommandLine CommandLine::parse(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  CommandLine result;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
      result.m_positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end()) throw UsageError("unknown option --" + name);
    if (result.m_values.count(name)) throw UsageError("option --" + name + " is given twice");
    if (!spec->takesValue) {
      if (inlineValue) throw UsageError("option --" + name + " takes no value");
      result.m_values[name] = "";
    } else if (inlineValue) {
      result.m_values[name] = *inlineValue;
    } else {
      if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
      result.m_values[name] = args[++i];
    }
  }
  return result;
}

std::optional<std::string> CommandLine::value(const std::string& name) const {
  auto it = m_values.find(name);
  if (it == m_values.end()) return std::nullopt;
  return it->second;
}

std::string CommandLine::valueOr(const std::string& name, const std::string& fallback) const {
  return value(name).value_or(fallback);
}

int64_t CommandLine::intValue(const std::string& name, int64_t fallback, int64_t min, int64_t max) const {
  const auto text = value(name);
  if (!text) return fallback;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size())
    throw UsageError("--" + name + " '" + *text + "' is not an integer");
  if (v < min || v > max)
    throw UsageError("--" + name + " " + *text + " is out of range [" + std::to_string(min) + ", " +
                     std::to_string(max) + "]");
  return v;
}

double CommandLine::realValue(const std::string& name, double fallback) const {
  const auto text = value(name);
  if (!text) return fallback;
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0') throw UsageError("--" + name + " '" + *text + "' is not a number");
  return v;
}

}  // namespace quantlens
