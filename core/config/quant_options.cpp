// Quantization options: CLI text → QuantConfig, and back for the JSON "config" and the report.
#include "core/config/quant_options.h"

#include "core/config/data_options.h"
#include "core/error.h"

namespace quantlens {
namespace {

EntropyVariant parseEntropyVariant(const std::string& name) {
  if (name == "onnxruntime") return EntropyVariant::OnnxRuntime;
  if (name == "tensorrt") return EntropyVariant::TensorRt;
  throw Error("unknown entropy variant '" + name + "': expected onnxruntime or tensorrt");
}

std::string_view entropyVariantName(EntropyVariant variant) {
  return variant == EntropyVariant::TensorRt ? "tensorrt" : "onnxruntime";
}

// The scheme's dtype and symmetry from --X-dtype / --X-scheme, keeping the rest of `scheme`.
void applyDtype(QuantScheme& scheme, const std::string& dtypeText) {
  const QuantDtypeWidth type = parseQuantDtype(dtypeText);
  scheme.dtype = type.dtype;
  scheme.bits = type.bits;
}

}  // namespace

std::vector<OptionSpec> quantizingCommandOptionSpecs(std::initializer_list<OptionSpec> own) {
  std::vector<OptionSpec> specs = dataOptionSpecs();
  const std::vector<OptionSpec> quant = quantOptionSpecs();
  specs.insert(specs.end(), quant.begin(), quant.end());
  specs.insert(specs.end(), own.begin(), own.end());
  return specs;
}

std::vector<OptionSpec> quantOptionSpecs() {
  return {{"observer"},      {"percentile"},  {"averaging-constant"}, {"entropy-variant"},
          {"weight-observer"}, {"granularity"}, {"weight-dtype"},      {"act-dtype"},
          {"weight-scheme"}, {"act-scheme"},  {"reduce-range", false}, {"reference"}};
}

QuantConfig quantConfigFromCommandLine(const CommandLine& cl) {
  QuantConfig config = QuantConfig::defaults();
  QuantScheme activation = *config.activationScheme;
  bool activationsQuantized = true;
  // Malformed values are usage errors; combinations that no scheme accepts are checked below.
  try {
    if (auto v = cl.value("observer")) config.activationObserver.kind = parseObserverKind(*v);
    config.activationObserver.percentile = cl.realValue("percentile", config.activationObserver.percentile);
    config.activationObserver.averagingConstant =
        cl.realValue("averaging-constant", config.activationObserver.averagingConstant);
    if (auto v = cl.value("entropy-variant")) config.activationObserver.entropyVariant = parseEntropyVariant(*v);
    if (auto v = cl.value("weight-observer")) config.weightObserver.kind = parseWeightObserverKind(*v);
    if (auto v = cl.value("granularity")) config.weightScheme.granularity = parseGranularity(*v);
    if (auto v = cl.value("weight-dtype")) applyDtype(config.weightScheme, *v);
    if (auto v = cl.value("weight-scheme")) config.weightScheme.symmetric = parseSymmetric(*v);
    if (auto v = cl.value("act-dtype")) {
      activationsQuantized = *v != "none";
      if (activationsQuantized) applyDtype(activation, *v);
    }
    if (auto v = cl.value("act-scheme")) activation.symmetric = parseSymmetric(*v);
    if (auto v = cl.value("reference")) {
      config.weightScheme.reference = parseQuantReference(*v);
      activation.reference = config.weightScheme.reference;
    }
  } catch (const Error& e) {
    throw UsageError(e.message());
  }
  activation.reduceRange = cl.has("reduce-range");
  config.activationScheme = activationsQuantized ? std::optional<QuantScheme>(activation) : std::nullopt;
  config.validate();
  return config;
}

std::vector<ConfigEntry> describeQuantConfig(const QuantConfig& config) {
  const ObserverSettings& observer = config.activationObserver;
  const QuantScheme& weights = config.weightScheme;
  const auto text = [](std::string_view option, std::string_view value) {
    return ConfigEntry{std::string(option), std::string(value), std::nullopt};
  };
  const auto number = [](std::string_view option, double value) {
    return ConfigEntry{std::string(option), std::to_string(value), value};
  };
  std::vector<ConfigEntry> entries = {
      text("observer", observerKindName(observer.kind)),
      number("percentile", observer.percentile),
      number("averaging-constant", observer.averagingConstant),
      text("entropy-variant", entropyVariantName(observer.entropyVariant)),
      text("weight-observer", observerKindName(config.weightObserver.kind)),
      text("granularity", granularityName(weights.granularity)),
      text("weight-dtype", quantDtypeName(weights.dtype, weights.bits)),
      text("act-dtype", config.activationScheme
                            ? quantDtypeName(config.activationScheme->dtype, config.activationScheme->bits)
                            : "none"),
      text("weight-scheme", symmetryName(weights.symmetric)),
  };
  if (config.activationScheme) {
    entries.push_back(text("act-scheme", symmetryName(config.activationScheme->symmetric)));
    entries.push_back(text("reduce-range", config.activationScheme->reduceRange ? "true" : "false"));
  }
  entries.push_back(text("reference", quantReferenceName(weights.reference)));
  return entries;
}

}  // namespace quantlens
