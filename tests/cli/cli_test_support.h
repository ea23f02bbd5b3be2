// Test support: run quantlens-cli as a user does and capture its exit code, stdout and stderr.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace quantlens {

namespace fs = std::filesystem;

inline const fs::path kCli = fs::path(QUANTLENS_BINARY_DIR) / "app" / "quantlens-cli";
inline const fs::path kDemo = fs::path(QUANTLENS_SOURCE_DIR) / "resources" / "demo";
inline const fs::path kFashion = "/usr/share/datasets/fashion-mnist";
inline const fs::path kOnnxNode = "/usr/share/libonnx-testdata/data/node";

struct CliResult {
  int exitCode;
  std::string out;
  std::string err;
};

inline std::string readFile(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

inline fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("quantlens_cli_test_" + name);  // name: unique per test process
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline CliResult runCli(const std::string& args) {
  const fs::path dir = scratch("io_" + std::to_string(::getpid()));
  const std::string command = kCli.string() + " " + args + " > " + (dir / "out").string() + " 2> " + (dir / "err").string();
  const int status = std::system(command.c_str());
  return {WEXITSTATUS(status), readFile(dir / "out"), readFile(dir / "err")};
}

}  // namespace quantlens
