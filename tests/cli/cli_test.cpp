// End-to-end tests of quantlens-cli as a user runs it: exit codes, messages and JSON (CLI.md).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/graph/tensor_proto.h"
#include "tests/cli/cli_test_support.h"

namespace quantlens {
namespace {

TEST(Cli, PrintsItsVersion) {
  const CliResult r = runCli("--version");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("quantlens-cli " QUANTLENS_VERSION), std::string::npos);
}

TEST(Cli, RejectsAnUnknownOptionAsAUsageError) {
  const CliResult r = runCli("info " + (kDemo / "fashion_cnn.onnx").string() + " --frobnicate 3");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("--frobnicate"), std::string::npos) << r.err;
}

TEST(CliInfo, DescribesTheDemoModel) {
  const fs::path json = scratch("info") / "info.json";
  const CliResult r = runCli("info " + (kDemo / "fashion_cnn.onnx").string() + " --json " + json.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto info = nlohmann::json::parse(readFile(json));
  const auto expected = nlohmann::json::parse(readFile(kDemo / "fashion_cnn.json"));
  // Parameter count as PyTorch counted it at export (tools/train_demo_model.py). PyTorch counts
  // BN's gamma/beta but not its running statistics, which ONNX stores as weights too.
  EXPECT_GE(info["model"]["params"].get<int64_t>(), expected["parameters"].get<int64_t>());
  EXPECT_EQ(info["inputs"][0]["name"], "input");
  EXPECT_EQ(info["inputs"][0]["shape"], nlohmann::json::parse(R"(["batch", 1, 28, 28])"));
  EXPECT_GT(info["operators"]["Conv"].get<int>(), 0);
  EXPECT_TRUE(info["unsupported"].empty());
}

TEST(CliInfo, ListsEveryUnsupportedOperatorWithExitCode3) {
  const CliResult r = runCli("info " + (kOnnxNode / "test_lstm_defaults" / "model.onnx").string());
  EXPECT_EQ(r.exitCode, 3);
  EXPECT_NE(r.err.find("LSTM"), std::string::npos) << r.err;
}

TEST(CliRun, ListsUnsupportedOperatorsBeforeJudgingThePreprocessing) {
  // test_det_2d reads a [2, 2] input through Det: the unsupported operator is the first thing to
  // say (exit 3), not that the input is no image.
  const std::string model = (kOnnxNode / "test_det_2d" / "model.onnx").string();
  for (const std::string& command : {"run " + model + " --data ", "quantize " + model + " --calib "}) {
    const CliResult r = runCli(command + (kDemo / "images").string());
    EXPECT_EQ(r.exitCode, 3) << command << r.err;
    EXPECT_NE(r.err.find("Det"), std::string::npos) << r.err;
  }
}

TEST(CliRun, RefusesATruncatedModelNamingTheFile) {
  const fs::path dir = scratch("truncated");
  const std::string bytes = readFile(kDemo / "fashion_cnn.onnx");
  std::ofstream(dir / "cut.onnx", std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 3));
  const CliResult r = runCli("run " + (dir / "cut.onnx").string() + " --data " + (kDemo / "images").string());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("cut.onnx"), std::string::npos) << r.err;
}

TEST(CliRun, WritesOutputsForOnnxTensorFiles) {
  const fs::path out = scratch("tensors");
  const fs::path testCase = kOnnxNode / "test_relu";
  const CliResult r = runCli("run " + (testCase / "model.onnx").string() + " --tensors " +
                             (testCase / "test_data_set_0" / "input_0.pb").string() + " --save-outputs " + out.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const Tensor actual = readTensorFile(out / "output_0.pb");
  const Tensor expected = readTensorFile(testCase / "test_data_set_0" / "output_0.pb");
  ASSERT_EQ(actual.shape(), expected.shape());
  EXPECT_EQ(actual.toFloatVector(), expected.toFloatVector());
}

TEST(CliRun, MatchesPyTorchTop1OnTheFashionMnistTestSet) {
  if (!fs::exists(kFashion)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const fs::path json = scratch("fashion") / "run.json";
  const CliResult r = runCli("run " + (kDemo / "fashion_cnn.onnx").string() + " --data " +
                             (kFashion / "t10k-images-idx3-ubyte.gz").string() + " --json " + json.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const auto result = nlohmann::json::parse(readFile(json));
  const auto expected = nlohmann::json::parse(readFile(kDemo / "fashion_cnn.json"));
  EXPECT_EQ(result["fp32"]["samples"], 10000);
  // Measured by PyTorch at export time (tools/train_demo_model.py); ±0.05 pp.
  EXPECT_NEAR(result["fp32"]["top1"].get<double>(), expected["pytorch_top1_t10k"].get<double>(), 0.0005);
  EXPECT_NEAR(result["fp32"]["top5"].get<double>(), expected["pytorch_top5_t10k"].get<double>(), 0.0005);
}

TEST(CliRun, SkipsACorruptImageWithAWarningAndCountsIt) {
  const fs::path data = scratch("corrupt");
  for (const char* cls : {"0_T-shirt", "1_Trouser"}) {
    fs::create_directories(data / cls);
    int copied = 0;
    for (const auto& entry : fs::directory_iterator(kDemo / "images" / cls))
      if (copied++ < 3) fs::copy_file(entry.path(), data / cls / entry.path().filename());
  }
  std::ofstream(data / "1_Trouser" / "broken.png", std::ios::binary) << "not a png at all";
  const fs::path json = data.parent_path() / "quantlens_cli_test_corrupt.json";
  const CliResult r = runCli("run " + (kDemo / "fashion_cnn.onnx").string() + " --data " + data.string() +
                             " --json " + json.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("broken.png"), std::string::npos) << r.err;
  const auto result = nlohmann::json::parse(readFile(json));
  EXPECT_EQ(result["data"]["samples"], 6);
  EXPECT_EQ(result["data"]["skipped"], 1);
}

TEST(CliRun, ExplainsAPreprocessingThatDoesNotFitTheModel) {
  const CliResult r = runCli("run " + (kDemo / "fashion_cnn.onnx").string() + " --data " +
                             (kDemo / "images").string() + " --color rgb");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--color"), std::string::npos) << r.err;
}

TEST(CliRun, StopsCleanlyWithExitCode4WhenInterrupted) {
  // 10k test images in batches of 8 take several seconds; SIGINT after 1.5 s arrives mid-run (or during the
  // import, where the handler is already installed and the first batch check stops).
  const fs::path dir = scratch("interrupted");
  const std::string command = "timeout --preserve-status -s INT 1.5 " + kCli.string() + " run " + (kDemo / "fashion_cnn.onnx").string() +
                              " --data " + (kFashion / "t10k-images-idx3-ubyte.gz").string() + " --batch 8 2> " +
                              (dir / "err").string() + " > /dev/null";
  const int status = std::system(command.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 4);
  EXPECT_NE(readFile(dir / "err").find("cancelled"), std::string::npos) << readFile(dir / "err");
}

}  // namespace
}  // namespace quantlens
