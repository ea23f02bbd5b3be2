// Tests of the quantization options: CLI text → QuantConfig and back (CLI.md defaults and names).
#include "core/config/quant_options.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantlens {
namespace {

QuantConfig parse(const std::vector<std::string>& args) {
  return quantConfigFromCommandLine(CommandLine::parse(args, quantOptionSpecs()));
}

std::string entry(const QuantConfig& config, const std::string& option) {
  for (const ConfigEntry& e : describeQuantConfig(config))
    if (e.option == option) return e.text;
  return "<absent>";
}

TEST(QuantOptions, DefaultsAreThoseOfCliMd) {
  const QuantConfig config = parse({});
  EXPECT_EQ(config.activationObserver.kind, ObserverKind::Histogram);
  EXPECT_EQ(config.weightObserver.kind, ObserverKind::MinMax);
  ASSERT_TRUE(config.activationScheme.has_value());
  EXPECT_EQ(config.activationScheme->dtype, QuantDtype::UInt8);
  EXPECT_FALSE(config.activationScheme->symmetric);
  EXPECT_EQ(config.weightScheme.dtype, QuantDtype::Int8);
  EXPECT_TRUE(config.weightScheme.symmetric);
  EXPECT_EQ(config.weightScheme.granularity.kind, GranularityKind::PerChannel);
  EXPECT_EQ(config.weightScheme.reference, QuantReference::PyTorch);
  EXPECT_DOUBLE_EQ(config.activationObserver.percentile, 99.99);
  EXPECT_DOUBLE_EQ(config.activationObserver.averagingConstant, 0.01);
}

TEST(QuantOptions, EveryOptionReachesTheConfig) {
  const QuantConfig config =
      parse({"--observer", "percentile", "--percentile", "99.9", "--weight-observer", "mse", "--granularity",
             "per-group:32", "--weight-dtype", "int4", "--act-dtype", "int8", "--act-scheme", "symmetric",
             "--weight-scheme", "affine", "--reference", "onnxruntime", "--reduce-range", "--averaging-constant", "0.1",
             "--entropy-variant", "tensorrt"});
  EXPECT_EQ(config.activationObserver.kind, ObserverKind::Percentile);
  EXPECT_DOUBLE_EQ(config.activationObserver.percentile, 99.9);
  EXPECT_DOUBLE_EQ(config.activationObserver.averagingConstant, 0.1);
  EXPECT_EQ(config.activationObserver.entropyVariant, EntropyVariant::TensorRt);
  EXPECT_EQ(config.weightObserver.kind, ObserverKind::Mse);
  EXPECT_EQ(config.weightScheme.granularity, Granularity::perGroup(32));
  EXPECT_EQ(config.weightScheme.dtype, QuantDtype::Int4);
  EXPECT_EQ(config.weightScheme.bits, 4);
  EXPECT_FALSE(config.weightScheme.symmetric);
  EXPECT_EQ(config.weightScheme.reference, QuantReference::OnnxRuntime);
  ASSERT_TRUE(config.activationScheme.has_value());
  EXPECT_EQ(config.activationScheme->dtype, QuantDtype::Int8);
  EXPECT_TRUE(config.activationScheme->symmetric);
  EXPECT_TRUE(config.activationScheme->reduceRange);
  EXPECT_EQ(config.activationScheme->reference, QuantReference::OnnxRuntime);
}

TEST(QuantOptions, ActDtypeNoneQuantizesWeightsOnly) {
  const QuantConfig config = parse({"--act-dtype", "none"});
  EXPECT_FALSE(config.activationScheme.has_value());
  EXPECT_EQ(entry(config, "act-dtype"), "none");
  EXPECT_EQ(entry(config, "act-scheme"), "<absent>");
}

TEST(QuantOptions, DescribesTheConfigWithCliNamesAndValues) {
  const QuantConfig config = parse({"--granularity", "per-group:64", "--weight-dtype", "int3"});
  EXPECT_EQ(entry(config, "observer"), "histogram");
  EXPECT_EQ(entry(config, "granularity"), "per-group:64");
  EXPECT_EQ(entry(config, "weight-dtype"), "int3");
  EXPECT_EQ(entry(config, "act-dtype"), "uint8");
  EXPECT_EQ(entry(config, "act-scheme"), "affine");
  EXPECT_EQ(entry(config, "reference"), "pytorch");
  // Parsing the description again gives the same configuration.
  std::vector<std::string> args;
  for (const ConfigEntry& e : describeQuantConfig(config)) {
    if (e.option == "reduce-range") continue;  // a flag
    args.push_back("--" + e.option);
    args.push_back(e.text);
  }
  EXPECT_EQ(parse(args), config);
}

TEST(QuantOptions, MalformedValuesAreUsageErrorsNamingThem) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--observer", "median"},
                                             {"--granularity", "per-row"},
                                             {"--weight-dtype", "int99"},
                                             {"--act-scheme", "skewed"},
                                             {"--reference", "tflite"},
                                             {"--weight-observer", "histogram"},
                                             {"--percentile", "high"}}) {
    try {
      parse(args);
      ADD_FAILURE() << "accepted " << args[0] << " " << args[1];
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find(args[1]), std::string::npos) << e.what();
    }
  }
}

TEST(QuantOptions, ImpossibleCombinationsAreInvalidInput) {
  EXPECT_THROW(parse({"--weight-dtype", "fp8e4m3", "--weight-scheme", "affine"}), Error);
  EXPECT_THROW(parse({"--percentile", "120", "--observer", "percentile"}), Error);
}

}  // namespace
}  // namespace quantlens
