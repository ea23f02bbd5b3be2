// Conformance against the ONNX backend test data shipped by Debian's libonnx-testdata: every case
// whose operators QuantLens supports must match (rtol 1e-3, atol 1e-4); every other case must be
// refused with an Error, never crash. Prints passed / failed / refused per suite.
//
// QUANTLENS_CONFORMANCE_FILTER=<substring> restricts the cases; QUANTLENS_CONFORMANCE_VERBOSE=1
// prints why each case was refused.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/graph/tensor_proto.h"
#include "core/runtime/executor.h"

namespace quantlens {
namespace {

namespace fs = std::filesystem;

const fs::path kDataRoot = "/usr/share/libonnx-testdata/data";
const char* const kSuites[] = {"node", "pytorch-converted", "pytorch-operator", "simple"};

enum class Outcome { Passed, Failed, Refused };

struct CaseResult {
  Outcome outcome;
  std::string detail;
};

std::vector<fs::path> sortedFiles(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) files.push_back(entry.path());
  // input_10.pb sorts after input_9.pb
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    auto number = [](const fs::path& p) {
      const std::string stem = p.stem().string();
      return std::stoi(stem.substr(stem.find('_') + 1));
    };
    return number(a) < number(b);
  });
  return files;
}

// "" when equal within tolerance, else where they differ.
std::string compare(const Tensor& actual, const Tensor& expected) {
  if (actual.shape() != expected.shape())
    return "shape " + shapeToString(actual.shape()) + " vs expected " + shapeToString(expected.shape());
  if (actual.dtype() != expected.dtype())
    return std::string("type ") + std::string(dataTypeName(actual.dtype())) + " vs expected " +
           std::string(dataTypeName(expected.dtype()));
  for (int64_t i = 0; i < expected.numel(); ++i) {
    const double a = actual.valueAsDouble(i), e = expected.valueAsDouble(i);
    if (std::isnan(e) && std::isnan(a)) continue;
    if (std::isinf(e) && a == e) continue;
    if (!(std::abs(a - e) <= 1e-4 + 1e-3 * std::abs(e))) {
      std::ostringstream s;
      s << "element " << i << ": " << a << " vs expected " << e;
      return s.str();
    }
  }
  return "";
}

CaseResult runCase(const fs::path& dir) {
  Model model;
  try {
    model = importOnnxFile(dir / "model.onnx");
    prepareForExecution(model.graph);
    Executor executor(model.graph);
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_directory() || entry.path().filename().string().rfind("test_data_set_", 0) != 0) continue;
      std::vector<Tensor> inputs;
      for (const fs::path& file : sortedFiles(entry.path(), "input_")) inputs.push_back(readTensorFile(file));
      std::vector<Tensor> expected;
      for (const fs::path& file : sortedFiles(entry.path(), "output_")) expected.push_back(readTensorFile(file));
      std::vector<Tensor> actual = executor.run(std::move(inputs));
      if (actual.size() != expected.size())
        return {Outcome::Failed, std::to_string(actual.size()) + " outputs vs expected " + std::to_string(expected.size())};
      for (size_t o = 0; o < expected.size(); ++o)
        if (std::string diff = compare(actual[o], expected[o]); !diff.empty())
          return {Outcome::Failed, entry.path().filename().string() + " output " + std::to_string(o) + ": " + diff};
    }
    return {Outcome::Passed, ""};
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Internal) return {Outcome::Failed, std::string("internal error: ") + e.what()};
    return {Outcome::Refused, e.what()};
  } catch (const std::exception& e) {
    return {Outcome::Failed, std::string("unexpected exception: ") + e.what()};
  }
}

TEST(OnnxBackendConformance, SupportedCasesMatchAndTheRestAreRefused) {
  if (!fs::exists(kDataRoot)) {
    GTEST_SKIP() << kDataRoot << " is missing (Debian package libonnx-testdata)";
  }
  const char* filter = std::getenv("QUANTLENS_CONFORMANCE_FILTER");
  const bool verbose = std::getenv("QUANTLENS_CONFORMANCE_VERBOSE") != nullptr;

  int totalPassed = 0;
  for (const char* suite : kSuites) {
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(kDataRoot / suite))
      if (fs::exists(entry.path() / "model.onnx") &&
          (!filter || entry.path().filename().string().find(filter) != std::string::npos))
        cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    std::map<Outcome, int> counts;
    for (const fs::path& dir : cases) {
      const CaseResult result = runCase(dir);
      ++counts[result.outcome];
      if (result.outcome == Outcome::Failed) {
        ADD_FAILURE() << suite << "/" << dir.filename().string() << ": " << result.detail;
      } else if (result.outcome == Outcome::Refused && verbose) {
        std::cout << "  refused " << suite << "/" << dir.filename().string() << ": " << result.detail << "\n";
      }
    }
    totalPassed += counts[Outcome::Passed];
    std::cout << suite << ": " << counts[Outcome::Passed] << " passed / " << counts[Outcome::Failed]
              << " failed / " << counts[Outcome::Refused] << " refused (of " << cases.size() << ")\n";
  }
  if (!filter) {
    EXPECT_GT(totalPassed, 0);
  }
}

}  // namespace
}  // namespace quantlens
