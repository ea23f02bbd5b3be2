// Parses "command POSITIONAL... --option value --flag" argument lists against a declared option set.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quantlens {

struct OptionSpec {
  std::string name;  // without the leading "--"
  bool takesValue = true;
};

class CommandLine {
public:
  // Throws UsageError for an unknown option, a missing value or a repeated option.
  static CommandLine parse(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

  const std::vector<std::string>& positional() const { return m_positional; }
  bool has(const std::string& name) const { return m_values.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::string valueOr(const std::string& name, const std::string& fallback) const;
  // Integer and real option values; UsageError naming the option when malformed or out of range.
  int64_t intValue(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;
  double realValue(const std::string& name, double fallback) const;

private:
  std::vector<std::string> m_positional;
  std::map<std::string, std::string> m_values;
};

// A malformed command line (exit code 1), as opposed to bad input data (exit code 2).
class UsageError : public std::exception {
public:
  explicit UsageError(std::string message) : m_message(std::move(message)) {}
  const char* what() const noexcept override { return m_message.c_str(); }

private:
  std::string m_message;
};

}  // namespace quantlens
