// `quantize --export-onnx` end to end: the file's real size in the JSON, `info` recognising the QDQ
// model it wrote, `run` executing it, `quantize` refusing to quantize it again, and
// `quantize --tensors --save-outputs` writing the fake-quant model's outputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/graph/tensor_proto.h"
#include "tests/cli/cli_test_support.h"

namespace quantlens {
namespace {

const std::string kModel = (kDemo / "fashion_cnn.onnx").string();
const std::string kImages = (kDemo / "images").string();

struct Exported {
  fs::path dir;
  fs::path model;
  nlohmann::json json;
};

// One export of the demo, shared by the tests (quantize takes a second or two).
const Exported& exported() {
  static const Exported e = [] {
    Exported result;
    result.dir = scratch("export_cli_" + std::to_string(::getpid()));
    result.model = result.dir / "fashion_cnn_qdq.onnx";
    const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --calib-count 64 --analysis-count 0" +
                               " --export-onnx " + result.model.string() + " --json " + (result.dir / "q.json").string());
    EXPECT_EQ(r.exitCode, 0) << r.err;
    if (r.exitCode == 0) result.json = nlohmann::json::parse(readFile(result.dir / "q.json"));
    return result;
  }();
  return e;
}

TEST(CliExport, JsonGivesTheExportedFileSizeAndItsRatioToTheFp32Export) {
  const nlohmann::json& q = exported().json["quantized"];
  ASSERT_FALSE(q.is_null());
  EXPECT_EQ(q["bytes"].get<int64_t>(), static_cast<int64_t>(fs::file_size(exported().model)));
  EXPECT_EQ(q["bytes_source"], "file");
  EXPECT_EQ(q["export"]["opset"], 13);
  EXPECT_EQ(q["export"]["checked_by_onnx_checker"], true);
  EXPECT_NEAR(q["size_ratio"].get<double>(),
              q["export"]["fp32_bytes"].get<double>() / q["bytes"].get<double>(), 1e-9);
  EXPECT_EQ(q["export"]["quantized_weights"], 7);
  EXPECT_EQ(q["export"]["int32_biases"], 7);
}

TEST(CliExport, InfoSaysTheExportIsAlreadyQuantized) {
  const fs::path json = exported().dir / "info.json";
  const CliResult r = runCli("info " + exported().model.string() + " --json " + json.string());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("already quantized (QDQ)"), std::string::npos) << r.out;
  const nlohmann::json info = nlohmann::json::parse(readFile(json));
  EXPECT_EQ(info["qdq"]["activation_pairs"], exported().json["quantized"]["export"]["activation_pairs"]);
  EXPECT_EQ(info["qdq"]["quantized_weights"], 7);
  EXPECT_EQ(info["inputs"][0]["name"], "input");
  EXPECT_EQ(info["outputs"][0]["name"], "logits");
  const CliResult fp32 = runCli("info " + kModel + " --json " + (exported().dir / "fp32_info.json").string());
  EXPECT_EQ(fp32.exitCode, 0) << fp32.err;
  EXPECT_TRUE(nlohmann::json::parse(readFile(exported().dir / "fp32_info.json"))["qdq"].is_null());
}

TEST(CliExport, QuantizeRefusesAModelThatIsAlreadyQuantized) {
  const CliResult r = runCli("quantize " + exported().model.string() + " --calib " + kImages);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("already quantized"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("float model"), std::string::npos) << r.err;
}

TEST(CliExport, FakeQuantOutputsOnTensorsMatchRunningTheExportWithinOneStep) {
  // The same 4 inputs (a ramp of gray values) through `quantize --tensors --save-outputs` (the fake-quant model) and through
  // `run` on the exported file (QuantLens's runtime reading it back).
  const fs::path dir = exported().dir;
  Tensor input(DataType::Float32, {4, 1, 28, 28});
  for (int64_t i = 0; i < input.numel(); ++i) input.data<float>()[i] = static_cast<float>(i % 255) / 255.0f;
  writeTensorFile(input, "input", dir / "input_0.pb");
  const std::string tensors = " --tensors " + (dir / "input_0.pb").string() + " --save-outputs ";
  const CliResult fq = runCli("quantize " + kModel + " --calib " + kImages + " --calib-count 64 --analysis-count 0" +
                              tensors + (dir / "fakequant").string());
  ASSERT_EQ(fq.exitCode, 0) << fq.err;
  const CliResult run = runCli("run " + exported().model.string() + tensors + (dir / "ours").string());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  const std::vector<float> a = readTensorFile(dir / "fakequant" / "output_0.pb").toFloatVector();
  const std::vector<float> b = readTensorFile(dir / "ours" / "output_0.pb").toFloatVector();
  ASSERT_EQ(a.size(), 40u);
  ASSERT_EQ(a.size(), b.size());
  double step = 0;
  for (const auto& layer : exported().json["layers"])
    if (layer["activation"]["tensor"] == "logits") step = layer["activation"]["scale"].get<double>();
  ASSERT_GT(step, 0.0);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_LE(std::abs(a[i] - b[i]), 1.001 * step) << i;
}

TEST(CliExport, TensorsWithoutSaveOutputsIsAUsageError) {
  const CliResult r = runCli("quantize " + kModel + " --calib " + kImages + " --tensors x.pb");
  EXPECT_EQ(r.exitCode, 1);
}

}  // namespace
}  // namespace quantlens
