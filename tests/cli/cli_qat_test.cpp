// End-to-end tests of `quantlens-cli qat` on a small Fashion-MNIST subset: the JSON is `quantize`'s
// plus the training blocks, losses are finite and fall, and the result exports like PTQ.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "tests/cli/cli_test_support.h"

namespace quantlens {
namespace {

const std::string kModel = (kDemo / "fashion_cnn.onnx").string();

nlohmann::json readJson(const fs::path& path) { return nlohmann::json::parse(readFile(path)); }

class CliQat : public ::testing::Test {
protected:
  void SetUp() override {
    if (!fs::exists(kFashion / "train-images-idx3-ubyte.gz")) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const std::string train = (kFashion / "train-images-idx3-ubyte.gz").string();
  const std::string eval = (kFashion / "t10k-images-idx3-ubyte.gz").string();
};

TEST_F(CliQat, TrainsTwoEpochsWithFallingLossAndWritesQuantizeJsonPlusEpochs) {
  const fs::path dir = scratch("qat_sgd");
  const CliResult r = runCli("qat " + kModel + " --train " + train + " --train-count 256 --eval " + eval +
                             " --eval-count 500 --epochs 2 --lr 0.01 --shuffle 3 --weight-dtype int4 "
                             "--granularity per-tensor --export-onnx " + (dir / "qat.onnx").string() +
                             " --export-qparams " + (dir / "qparams.json").string() + " --json " +
                             (dir / "qat.json").string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("epoch 2: loss"), std::string::npos) << r.out;
  const nlohmann::json j = readJson(dir / "qat.json");
  // quantize's blocks…
  for (const char* key : {"model", "config", "calibration", "fp32", "quantized", "layers"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["config"]["weight-dtype"], "int4");
  EXPECT_EQ(j["fp32"]["samples"], 500);
  EXPECT_EQ(j["layers"].size(), 7u);
  EXPECT_EQ(j["layers"][0]["weight"]["scales"].size(), 1u);  // per-tensor
  // …plus the training.
  EXPECT_EQ(j["training"]["samples"], 256);
  ASSERT_EQ(j["epochs"].size(), 2u);
  const double loss1 = j["epochs"][0]["loss"].get<double>(), loss2 = j["epochs"][1]["loss"].get<double>();
  EXPECT_TRUE(std::isfinite(loss1));
  EXPECT_LT(loss2, loss1);
  for (const auto& epoch : j["epochs"]) {
    EXPECT_GE(epoch["top1"].get<double>(), 0.0);
    EXPECT_LE(epoch["top1"].get<double>(), 1.0);
  }
  // QAT recovers part of what 4-bit per-tensor PTQ loses, even on 256 images.
  EXPECT_GT(j["quantized"]["top1"].get<double>(), j["ptq"]["top1"].get<double>());
  EXPECT_GT(fs::file_size(dir / "qat.onnx"), 0u);
  EXPECT_EQ(readJson(dir / "qparams.json").is_null(), false);
}

TEST_F(CliQat, DistillsFromTheFp32ModelWithAdamAndLearnableQParams) {
  const fs::path dir = scratch("qat_distill");
  const CliResult r = runCli("qat " + kModel + " --train " + train + " --train-count 128 --epochs 1 --optimizer adam"
                             " --lr 1e-4 --distill 0.5,4 --learnable --augment-flip --augment-crop 2 --weight-dtype int4 --json " + (dir / "qat.json").string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const nlohmann::json j = readJson(dir / "qat.json");
  EXPECT_EQ(j["training"]["optimizer"], "adam");
  EXPECT_EQ(j["training"]["learnable_qparams"], true);
  EXPECT_EQ(j["training"]["augment"]["crop_padding"], 2);
  EXPECT_FLOAT_EQ(j["training"]["distill"]["temperature"].get<float>(), 4.0f);
  ASSERT_EQ(j["epochs"].size(), 1u);
  EXPECT_TRUE(std::isfinite(j["epochs"][0]["loss"].get<double>()));
  EXPECT_TRUE(j["epochs"][0]["top1"].is_null());  // no --eval
}

TEST_F(CliQat, RejectsAMalformedDistillOption) {
  const CliResult r = runCli("qat " + kModel + " --train " + train + " --epochs 1 --distill 2");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("--distill"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace quantlens
