// Lookups over a QuantPlan.
#include "core/quant/quant_plan.h"

namespace quantlens {

std::vector<std::string> QuantPlan::observedTensors() const {
  std::vector<std::string> tensors;
  for (const QuantizedActivation& activation : activations)
    if (activation.observed()) tensors.push_back(activation.tensor);
  return tensors;
}

const QuantizedLayer* QuantPlan::findLayer(const std::string& name) const {
  for (const QuantizedLayer& layer : layers)
    if (layer.name == name) return &layer;
  return nullptr;
}

const QuantizedActivation* QuantPlan::findActivation(const std::string& tensor) const {
  for (const QuantizedActivation& activation : activations)
    if (activation.tensor == tensor) return &activation;
  return nullptr;
}

}  // namespace quantlens
