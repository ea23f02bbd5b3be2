// Activation qparams per planned tensor (observed or shared), and the activations float layers drop.
#include "core/quant/activation_quantization.h"

#include <vector>

#include "core/error.h"
#include "core/quant/observer_factory.h"

namespace quantlens {

ObserverSettings activationObserverFor(const ObserverSettings& observer, const QuantScheme& scheme) {
  ObserverSettings settings = observer;
  settings.bits = scheme.bits;
  settings.symmetric = scheme.symmetric;
  settings.isUnsigned = !isSignedDtype(scheme.dtype);
  settings.perChannel = false;  // activations are quantized per tensor
  return settings;
}

std::string qparamsSource(const QuantPlan& plan, const std::string& tensor) {
  std::string source = tensor;
  // The plan shares only with observed tensors; following a chain anyway costs nothing, and the
  // bound stops a (malformed) cycle.
  for (size_t step = 0; step <= plan.activations.size(); ++step) {
    const QuantizedActivation* activation = plan.findActivation(source);
    if (!activation || activation->observed()) return source;
    source = activation->sharesQParamsWith;
  }
  throw Error("activation '" + tensor + "' shares qparams in a cycle", ErrorKind::Internal);
}

std::map<std::string, ActivationQuant> quantizeActivations(const QuantPlan& plan, const CalibrationResult& calibration,
                                                           const QuantConfig& config,
                                                           const std::set<std::string>& skipped) {
  const QuantScheme& scheme = config.activationScheme.value();
  // One observer for all tensors: observeRanges(statistics, settings) without rebuilding it.
  const std::unique_ptr<Observer> observer = makeObserver(activationObserverFor(config.activationObserver, scheme));
  std::map<std::string, ActivationQuant> activations;
  for (const QuantizedActivation& planned : plan.activations) {
    if (!planned.observed() || skipped.count(planned.tensor)) continue;
    const auto statistics = calibration.statistics.find(planned.tensor);
    if (statistics == calibration.statistics.end())
      throw Error("activation '" + planned.tensor + "' has no calibration statistics (was the model calibrated "
                  "with this quantization plan?)");
    ActivationQuant quant;
    quant.tensor = planned.tensor;
    quant.observed = statistics->second.range();
    try {
      const std::vector<ClipRange> ranges = observer->ranges(statistics->second);
      if (ranges.size() != 1)
        throw Error("the activation observer returned " + std::to_string(ranges.size()) + " ranges, expected 1",
                    ErrorKind::Internal);
      quant.clip = ranges.front();
      quant.qparams = computeQParams(ranges, scheme);
    } catch (Error& error) {
      error.addContext("while quantizing activation '" + planned.tensor + "'");
      throw;
    }
    activations.emplace(planned.tensor, std::move(quant));
  }
  for (const QuantizedActivation& planned : plan.activations) {
    if (planned.observed() || skipped.count(planned.tensor)) continue;
    const std::string source = qparamsSource(plan, planned.tensor);
    const auto found = activations.find(source);
    if (found == activations.end())
      throw Error("activation '" + planned.tensor + "' shares qparams with '" + source +
                      "', which is not an observed activation of the plan",
                  ErrorKind::Internal);
    ActivationQuant quant = found->second;
    quant.tensor = planned.tensor;
    activations.emplace(planned.tensor, std::move(quant));
  }
  return activations;
}

std::set<std::string> activationsOnlyFloatLayersUse(const Graph& graph, const QuantPlan& plan,
                                                    const std::set<std::string>& floatLayers) {
  if (floatLayers.empty()) return {};
  std::map<std::string, std::string> groupOf;  // tensor → its qparams source
  for (const QuantizedActivation& activation : plan.activations)
    groupOf.emplace(activation.tensor, qparamsSource(plan, activation.tensor));
  std::set<std::string> needed;   // groups a quantized op reads or writes
  std::set<std::string> touched;  // groups a float layer reads or writes
  auto mark = [&](const std::string& tensor, std::set<std::string>& groups) {
    const auto group = groupOf.find(tensor);
    if (group != groupOf.end()) groups.insert(group->second);
  };

  std::vector<bool> layerNode(graph.nodes.size(), false);
  auto markLayerNode = [&](int index) {
    if (index >= 0 && static_cast<size_t>(index) < layerNode.size()) layerNode[static_cast<size_t>(index)] = true;
  };
  for (const QuantizedLayer& layer : plan.layers) {
    markLayerNode(layer.node);
    markLayerNode(layer.fusedActivation);
    std::set<std::string>& groups = floatLayers.count(layer.name) ? touched : needed;
    mark(layer.input, groups);
    mark(layer.output, groups);
  }
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    if (layerNode[i]) continue;
    const Node& node = graph.nodes[i];
    bool producesObserved = false;
    for (const std::string& output : node.outputs) {
      const auto group = groupOf.find(output);
      producesObserved = producesObserved || (group != groupOf.end() && group->second == output);
    }
    // Nodes producing shared activations (pooling, Relu, reshapes) or none (float ops) need nothing.
    if (!producesObserved) continue;
    for (const std::string& input : node.inputs) {
      mark(input, needed);
      // An input without qparams comes from a node fused into this one (Add → Relu): that node's
      // inputs are read quantized too.
      const int producer = groupOf.count(input) ? -1 : graph.producerOf(input);
      if (producer >= 0)
        for (const std::string& fusedInput : graph.nodes[static_cast<size_t>(producer)].inputs) mark(fusedInput, needed);
    }
    for (const std::string& output : node.outputs) mark(output, needed);
  }

  std::set<std::string> dropped;
  for (const auto& [tensor, group] : groupOf)
    if (touched.count(group) && !needed.count(group)) dropped.insert(tensor);
  return dropped;
}

}  // namespace quantlens
