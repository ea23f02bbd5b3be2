// End-to-end tests of `quantlens-cli bench` (JSON shape, every number present and positive; no timing
// assertions) and of the `int8` block `quantize` fills from the int8 executor.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

namespace quantlens {
namespace {

const std::string kModel = (kDemo / "fashion_cnn.onnx").string();
const std::string kImages = (kDemo / "images").string();

nlohmann::json readJson(const fs::path& path) {
  return nlohmann::json::parse(readFile(path));
}

TEST(CliBench, ReportsFp32AndInt8LatencyForTheModelAndEveryNode) {
  const fs::path dir = scratch("bench_default");
  const CliResult r =
      runCli("bench " + kModel + " --calib " + kImages + " --calib-count 64 --iterations 3 --batch 4" +
             " --export-onnx " + (dir / "qdq.onnx").string() + " --json " + (dir / "bench.json").string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("int8/FP32"), std::string::npos) << r.out;  // the human table
  const nlohmann::json j = readJson(dir / "bench.json");
  EXPECT_EQ(j["iterations"], 3);
  EXPECT_EQ(j["batch"], 4);
  EXPECT_EQ(j["calibration"]["samples"], 64);
  EXPECT_EQ(j["config"]["weight-dtype"], "int8");
  for (const char* executor : {"fp32", "int8"}) {
    SCOPED_TRACE(executor);
    for (const char* field : {"latency_ms", "batch_latency_ms", "batch_per_sample_ms"})
      EXPECT_GT(j[executor][field].get<double>(), 0.0) << field;
    EXPECT_EQ(j[executor]["threads"], 1);
  }
  EXPECT_GT(j["ratio"].get<double>(), 0.0);
  EXPECT_GT(j["batch_ratio"].get<double>(), 0.0);
  EXPECT_GE(j["int8"]["quantize_input_ms"].get<double>(), 0.0);
  // The demo: 6 Conv, Gemm, the add-relu, GlobalAveragePool and Flatten on integer kernels, the 6 Relu fused.
  EXPECT_EQ(j["int8"]["integer_nodes"], 10);
  EXPECT_EQ(j["int8"]["float_nodes"], 0);
  ASSERT_EQ(j["layers"].size(), 16u);  // every node of the prepared graph (22 minus 6 BatchNormalization folded)
  double fp32Sum = 0.0;
  for (const auto& layer : j["layers"]) {
    SCOPED_TRACE(layer["name"].get<std::string>());
    EXPECT_FALSE(layer["op"].get<std::string>().empty());
    const std::string backend = layer["backend"];
    EXPECT_TRUE(backend == "int8" || backend == "fused") << backend;
    EXPECT_GE(layer["fp32_ms"].get<double>(), 0.0);
    fp32Sum += layer["fp32_ms"].get<double>();
    if (backend == "fused")
      EXPECT_EQ(layer["int8_ms"].get<double>(), 0.0);
    else
      EXPECT_GT(layer["int8_ms"].get<double>(), 0.0);
  }
  EXPECT_GT(fp32Sum, 0.0);
  EXPECT_GT(j["export"]["bytes"].get<double>(), 0.0);
  EXPECT_TRUE(fs::exists(dir / "qdq.onnx"));
}

TEST(CliBench, TwoThreadsAndBatchOneAreAccepted) {
  const fs::path json = scratch("bench_threads") / "bench.json";
  const CliResult r = runCli("bench " + kModel + " --calib " + kImages + " --calib-count 16 --iterations 2 --batch 1" +
                             " --threads 2 --json " + json.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const nlohmann::json j = readJson(json);
  EXPECT_EQ(j["int8"]["threads"], 2);
  EXPECT_EQ(j["fp32"]["threads"], 1);  // the FP32 executor is single-threaded
  EXPECT_EQ(j["batch"], 1);
  EXPECT_EQ(j["int8"]["batch_latency_ms"], j["int8"]["latency_ms"]);
}

TEST(CliBench, RefusesConfigurationsTheInt8ExecutorCannotRun) {
  const CliResult noActivations =
      runCli("bench " + kModel + " --calib " + kImages + " --calib-count 8 --iterations 1 --act-dtype none");
  EXPECT_EQ(noActivations.exitCode, 2) << noActivations.err;
  EXPECT_NE(noActivations.err.find("--act-dtype uint8 or int8"), std::string::npos) << noActivations.err;
  const CliResult noCalib = runCli("bench " + kModel);
  EXPECT_EQ(noCalib.exitCode, 1) << noCalib.err;
  const CliResult badThreads = runCli("bench " + kModel + " --calib " + kImages + " --threads 0");
  EXPECT_EQ(badThreads.exitCode, 1) << badThreads.err;
}

TEST(CliBench, NonIntegerLayersRunInFloatAndSaySo) {
  const fs::path json = scratch("bench_fp8") / "bench.json";
  const CliResult r =
      runCli("bench " + kModel + " --calib " + kImages +
             " --calib-count 16 --iterations 1 --batch 1 --weight-dtype fp8e4m3 --json " + json.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const nlohmann::json j = readJson(json);
  // The 6 Conv and the Gemm (FP8 weights have no integer kernel) and the 5 Relu after a Conv, which no
  // longer fuse into it; the Relu after the Add still fuses into the integer add.
  EXPECT_EQ(j["int8"]["float_nodes"], 12);
  for (const auto& layer : j["layers"])
    if (layer["op"] == "Conv") {
      EXPECT_EQ(layer["backend"], "float");
      EXPECT_NE(layer["detail"].get<std::string>().find("fp8e4m3"), std::string::npos);
    }
}

// `quantize --eval` runs the int8 executor too (CLI.md's "int8": {"top1", "agreement_with_quantized"}).
TEST(CliQuantizeInt8, FillsTheInt8BlockFromTheInt8Executor) {
  const fs::path dir = scratch("quantize_int8");
  const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --eval " + kImages +
                             " --analysis-count 0 --json " + (dir / "q.json").string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const nlohmann::json j = readJson(dir / "q.json");
  ASSERT_TRUE(j["int8"].is_object()) << j["int8"];
  // tests/core/runtime/int8_demo_test.cpp: the int8 executor and the fake-quant model agree on the
  // demo images, so top-1 is the same to within 0.1 point.
  EXPECT_NEAR(j["int8"]["top1"].get<double>(), j["quantized"]["top1"].get<double>(), 0.001);
  EXPECT_GT(j["int8"]["agreement_with_quantized"].get<double>(), 0.99);
  EXPECT_EQ(j["int8"]["samples"], 300);

  const CliResult skipped = runCli("quantize " + kModel + " --calib " + kImages + " --eval " + kImages +
                                   " --analysis-count 0 --skip-int8 --json " + (dir / "skipped.json").string());
  ASSERT_EQ(skipped.exitCode, 0) << skipped.err;
  EXPECT_TRUE(readJson(dir / "skipped.json")["int8"].is_null());
  // Activations that are not 8-bit integers: no int8 run, a note, and still success.
  const CliResult int16 = runCli("quantize " + kModel + " --calib " + kImages + " --eval " + kImages +
                                 " --analysis-count 0 --act-dtype int16 --json " + (dir / "int16.json").string());
  ASSERT_EQ(int16.exitCode, 0) << int16.err;
  EXPECT_TRUE(readJson(dir / "int16.json")["int8"].is_null());
  EXPECT_NE(int16.err.find("int8 executor does not run"), std::string::npos) << int16.err;
}

}  // namespace
}  // namespace quantlens
