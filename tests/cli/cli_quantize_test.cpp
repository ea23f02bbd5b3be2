// End-to-end tests of `quantlens-cli quantize` as CLI.md specifies it.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace quantlens {
namespace {

const std::string kModel = (kDemo / "fashion_cnn.onnx").string();
const std::string kImages = (kDemo / "images").string();

nlohmann::json readJson(const fs::path& path) { return nlohmann::json::parse(readFile(path)); }

// quantize on the demo images; returns the JSON result.
nlohmann::json quantizeDemo(const std::string& name, const std::string& options) {
  const fs::path json = scratch(name) / "result.json";
  const CliResult r =
      runCli("quantize " + kModel + " --calib " + kImages + " --eval " + kImages + " " + options + " --json " + json.string());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return r.exitCode == 0 ? readJson(json) : nlohmann::json();
}

TEST(CliQuantize, DefaultInt8OnTheDemoStaysCloseToFp32AndReportsEveryLayer) {
  const fs::path qparams = scratch("quantize_default") / "qparams.json";
  const nlohmann::json j = quantizeDemo("quantize_default_run", "--export-qparams " + qparams.string());
  ASSERT_FALSE(j.is_null());
  // resources/demo/fashion_cnn.json: the 300 demo images score 93.33 % in FP32 (280 of 300).
  EXPECT_NEAR(j["fp32"]["top1"].get<double>(), 280.0 / 300.0, 1e-9);
  EXPECT_NEAR(j["quantized"]["top1"].get<double>(), j["fp32"]["top1"].get<double>(), 0.02);
  EXPECT_GT(j["quantized"]["agreement"].get<double>(), 0.95);
  EXPECT_EQ(j["calibration"]["samples"], 300);
  EXPECT_EQ(j["config"]["observer"], "histogram");
  EXPECT_EQ(j["config"]["granularity"], "per-channel");
  EXPECT_EQ(j["config"]["act-dtype"], "uint8");
  EXPECT_GE(j["requantize_ms"].get<double>(), 0.0);
  // int8 weights: about a quarter of the FP32 bytes.
  EXPECT_LT(j["quantized"]["bytes"].get<double>(), 0.35 * j["model"]["fp32_bytes"].get<double>());
  ASSERT_FALSE(j["layers"].empty());
  for (const auto& layer : j["layers"]) {
    SCOPED_TRACE(layer["name"].get<std::string>());
    const auto& weight = layer["weight"];
    EXPECT_EQ(weight["dtype"], "int8");
    EXPECT_EQ(weight["scales"].size(), weight["zero_points"].size());
    EXPECT_GT(weight["sqnr_db"].get<double>(), 30.0);  // 8-bit per-channel: ~6 dB per bit minus the crest factor
    for (const auto& zeroPoint : weight["zero_points"]) EXPECT_EQ(zeroPoint, 0);  // symmetric
    const auto& activation = layer["activation"];
    EXPECT_LE(activation["clip_min"].get<double>(), 0.0);
    EXPECT_GE(activation["clip_max"].get<double>(), activation["clip_min"].get<double>());
    EXPECT_GT(activation["sqnr_isolated_db"].get<double>(), 15.0);
  }
  const nlohmann::json q = readJson(qparams);
  ASSERT_FALSE(q["tensors"].empty());
  EXPECT_EQ(q["tensors"][0]["dtype"], "int8");
  EXPECT_EQ(q["tensors"][0]["axis"], 0);
  EXPECT_EQ(q["tensors"][0]["scales"], j["layers"][0]["weight"]["scales"]);
}

TEST(CliQuantize, SwitchingTheObserverMovesTheClipRange) {
  const nlohmann::json minmax = quantizeDemo("quantize_minmax", "--observer minmax --analysis-count 0");
  const nlohmann::json percentile = quantizeDemo("quantize_percentile", "--observer percentile --percentile 99 --analysis-count 0");
  ASSERT_FALSE(minmax.is_null());
  ASSERT_FALSE(percentile.is_null());
  const auto& a = minmax["layers"][0]["activation"];
  const auto& b = percentile["layers"][0]["activation"];
  EXPECT_EQ(a["clip_max"], a["max"]);  // minmax clips nothing
  EXPECT_LT(b["clip_max"].get<double>(), a["clip_max"].get<double>());
}

TEST(CliQuantize, Int4PerTensorWeightsLoseMoreThanInt8) {
  const nlohmann::json int8 = quantizeDemo("quantize_int8", "--analysis-count 0");
  const nlohmann::json int4 = quantizeDemo("quantize_int4", "--weight-dtype int4 --granularity per-tensor --analysis-count 0");
  ASSERT_FALSE(int4.is_null());
  EXPECT_EQ(int4["layers"][0]["weight"]["scales"].size(), 1u);
  EXPECT_LT(int4["layers"][0]["weight"]["sqnr_db"].get<double>(), int8["layers"][0]["weight"]["sqnr_db"].get<double>() - 12.0);
}

TEST(CliQuantize, WorksOnFashionMnistIdxFilesWithCountsAndBatch) {
  const fs::path json = scratch("quantize_idx") / "result.json";
  const CliResult r = runCli("quantize " + kModel + " --calib " + (kFashion / "train-images-idx3-ubyte.gz").string() +
                             " --eval " + (kFashion / "t10k-images-idx3-ubyte.gz").string() +
                             " --calib-count 64 --eval-count 500 --batch 50 --analysis-count 0 --json " + json.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const nlohmann::json j = readJson(json);
  EXPECT_EQ(j["calibration"]["samples"], 64);
  EXPECT_EQ(j["fp32"]["samples"], 500);
  EXPECT_EQ(j["quantized"]["samples"], 500);
}

TEST(CliQuantize, NamesAReportPathItCannotWrite) {
  const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --report /nonexistent-folder/r.pdf");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--report"), std::string::npos) << r.err;
}

TEST(CliQuantize, NamesAnUnknownObserverAsAUsageError) {
  const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --observer median");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("median"), std::string::npos) << r.err;
}

TEST(CliQuantize, NamesAnImpossibleSchemeAsInvalidInput) {
  const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --weight-dtype fp8e4m3 --weight-scheme affine");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("fp8"), std::string::npos) << r.err;
}

TEST(CliQuantize, WarnsOnceAboutACorruptImageThatEveryPassMeets) {
  // Calibration, evaluation (FP32, fake-quant, int8) and the observer comparison all read the one
  // folder; the broken file is skipped by each of them but named once.
  const fs::path data = scratch("quantize_corrupt");
  fs::create_directories(data / "0_T-shirt");
  int copied = 0;
  for (const auto& entry : fs::directory_iterator(kDemo / "images" / "0_T-shirt"))
    if (copied++ < 4) fs::copy_file(entry.path(), data / "0_T-shirt" / entry.path().filename());
  std::ofstream(data / "0_T-shirt" / "broken.png", std::ios::binary) << "not a png at all";
  const CliResult r = runCli("quantize " + kModel + " --calib " + data.string() + " --eval " + data.string() +
                             " --compare-observers --analysis-count 0");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  size_t mentions = 0;
  for (size_t at = r.err.find("broken.png"); at != std::string::npos; at = r.err.find("broken.png", at + 1)) ++mentions;
  EXPECT_EQ(mentions, 1u) << r.err;
}

TEST(CliQuantize, JsonToStandardOutputIsTheOnlyThingThere) {
  // `--json -`: the JSON alone on stdout (it parses), the human summary on stderr.
  const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --analysis-count 0 --json -");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["calibration"]["samples"], 300);
  EXPECT_NE(r.err.find("requantize"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace quantlens
