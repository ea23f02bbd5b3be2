// Test support: reading a PDF back with poppler-utils (pdfinfo, pdftotext), as a reader of the
// report would copy its text. Tests skip when poppler-utils is not installed.
#pragma once

#include <cstdio>
#include <regex>
#include <sstream>
#include <string>

namespace quantlens::testing {

// stdout of a shell command.
inline std::string capture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

inline bool hasPoppler() { return !capture("command -v pdfinfo pdftotext").empty(); }

// The page count pdfinfo reports; -1 when it reports none.
inline int pdfPages(const std::string& pdf) {
  const std::string info = capture("pdfinfo '" + pdf + "'");
  std::smatch pages;
  if (!std::regex_search(info, pages, std::regex(R"(Pages:\s+(\d+))"))) return -1;
  return std::stoi(pages[1]);
}

// The text of page `number` (1-based), or of every page for 0, laid out as on the page.
inline std::string pdfText(const std::string& pdf, int number = 0) {
  const std::string range = number > 0 ? " -f " + std::to_string(number) + " -l " + std::to_string(number) : "";
  return capture("pdftotext -layout" + range + " '" + pdf + "' -");
}

// The line of `text` that starts (after blanks) with `label`; empty when none does.
inline std::string lineStartingWith(const std::string& text, const std::string& label) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, label.size(), label) == 0) return line;
  }
  return {};
}

}  // namespace quantlens::testing
