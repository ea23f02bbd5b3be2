// deriveQuantization: every activation's and weight's qparams from cached statistics, timed.
#include "core/quant/quant_state.h"

#include <chrono>
#include <set>

#include "core/error.h"
#include "core/quant/activation_quantization.h"
#include "core/quant/weight_quantization.h"

namespace quantlens {
namespace {

const Tensor& requireInitializer(const Graph& graph, const QuantizedLayer& layer, const std::string& name,
                                 const char* what) {
  const Tensor* tensor = graph.initializer(name);
  if (!tensor)
    throw Error(layer.op + " node '" + layer.name + "': " + what + " '" + name + "' is not an initializer",
                ErrorKind::Internal);
  return *tensor;
}

LayerQuant quantizeLayer(const Graph& graph, const QuantizedLayer& layer, const QuantConfig& config,
                         const LayerOverride* override, const std::map<std::string, ActivationQuant>& activations) {
  LayerQuant result;
  result.layer = layer.name;
  if (override && override->keepFloat) {
    result.quantized = false;
    return result;
  }
  const QuantScheme scheme = weightSchemeFor(config, layer, override);
  try {
    const Tensor& weight = requireInitializer(graph, layer, layer.weight, "weight");
    result.weight = quantizeWeight(weight, scheme, weightObserverFor(config.weightObserver, scheme));
  } catch (Error& error) {
    error.addContext("while quantizing weight '" + layer.weight + "' of " + layer.op + " node '" + layer.name + "'");
    throw;
  }
  if (layer.bias.empty() || !biasIsQuantizable(scheme, config.activationScheme)) return result;
  const auto input = activations.find(layer.input);
  if (input == activations.end()) return result;  // the layer reads a float input
  try {
    const Tensor& bias = requireInitializer(graph, layer, layer.bias, "bias");
    result.dequantizedBias = fakeQuantizeBias(bias, input->second.qparams.scales.at(0), result.weight->qparams.scales);
  } catch (Error& error) {
    error.addContext("while quantizing bias '" + layer.bias + "' of " + layer.op + " node '" + layer.name + "'");
    throw;
  }
  return result;
}

}  // namespace

QuantState deriveQuantization(const Graph& graph, const QuantPlan& plan, const CalibrationResult& calibration,
                              const QuantConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  config.validate();
  std::set<std::string> floatLayers;
  for (const auto& [name, override] : config.overrides) {
    if (!plan.findLayer(name))
      throw Error("an override names layer '" + name + "', which is not a quantized layer of the model");
    if (override.keepFloat) floatLayers.insert(name);
  }

  QuantState state;
  state.config = config;
  if (config.activationScheme)
    state.activations = quantizeActivations(plan, calibration, config,
                                            activationsOnlyFloatLayersUse(graph, plan, floatLayers));
  state.layers.reserve(plan.layers.size());
  for (const QuantizedLayer& layer : plan.layers) {
    const auto override = config.overrides.find(layer.name);
    state.layers.push_back(quantizeLayer(graph, layer, config,
                                         override == config.overrides.end() ? nullptr : &override->second,
                                         state.activations));
  }
  state.requantizeMs =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return state;
}

}  // namespace quantlens
