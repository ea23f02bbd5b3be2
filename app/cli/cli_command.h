// One `quantlens-cli` command: its name, a one-line summary and the function that runs it.
#pragma once

#include <string>
#include <vector>

namespace quantlens::cli {

struct CliCommand {
  std::string name;
  std::string usage;  // "info MODEL [--json F]"
  std::string summary;
  int (*run)(const std::vector<std::string>& args);  // returns the exit code
};

// Exit codes of CLI.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,
  kExitInvalidInput = 2,
  kExitUnsupported = 3,
  kExitCancelled = 4,
  kExitInternal = 5,
};

int runInfo(const std::vector<std::string>& args);
int runRun(const std::vector<std::string>& args);
int runQuantize(const std::vector<std::string>& args);
int runBench(const std::vector<std::string>& args);
int runQat(const std::vector<std::string>& args);

}  // namespace quantlens::cli
