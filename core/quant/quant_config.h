// Everything the user chooses about a quantization: observers, schemes of weights and activations,
// the reference arithmetic and per-layer overrides. Changing it needs no model run (DESIGN.md, 1).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/quant/observer_settings.h"
#include "core/quant/quant_scheme.h"

namespace quantlens {

// A user's exception for one layer (the GUI's layer-table context menu).
struct LayerOverride {
  bool keepFloat = false;              // do not quantize this layer's weights or activations
  std::optional<int> weightBits;       // another width of the weight dtype (integer dtypes)
  bool operator==(const LayerOverride&) const = default;
};

struct QuantConfig {
  // Activations: observer over the calibration statistics, and the scheme (nullopt = --act-dtype none,
  // weights only). The scheme's granularity is always per-tensor.
  ObserverSettings activationObserver;
  std::optional<QuantScheme> activationScheme;
  // Weights: minmax or mse over the weight itself; the granularity's axis is set per layer by the
  // plan (output channels; groups along input channels).
  ObserverSettings weightObserver;
  QuantScheme weightScheme;
  std::map<std::string, LayerOverride> overrides;  // by layer name

  // CLI defaults: histogram observer, uint8 affine activations, int8 symmetric per-channel
  // minmax weights, PyTorch arithmetic.
  static QuantConfig defaults();

  // Throws Error naming the bad setting (scheme rules, observer settings, an override's bits).
  void validate() const;
  bool operator==(const QuantConfig&) const = default;
};

}  // namespace quantlens
