// The result of deriving quantization from cached calibration statistics and a configuration:
// qparams of every activation and weight, the dequantized weights and their errors. Re-deriving
// needs no model run (requantize_ms in the CLI's JSON).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/quant/calibration.h"
#include "core/quant/error_metrics.h"
#include "core/quant/qparams.h"
#include "core/quant/quant_config.h"
#include "core/quant/quant_plan.h"

namespace quantlens {

struct ActivationQuant {
  std::string tensor;
  ClipRange observed;  // min/max seen in calibration (of the source tensor when shared)
  ClipRange clip;      // what the observer chose
  QParams qparams;     // per-tensor
};

struct WeightQuant {
  QParams qparams;          // slots of QuantLayout(weight shape, granularity with the layer's axis)
  std::vector<ClipRange> ranges;
  Tensor dequantized;       // fakeQuantize(weight): what the fake-quant model computes with
  ErrorMetrics error;       // weight vs dequantized
};

struct LayerQuant {
  std::string layer;                    // QuantizedLayer::name
  bool quantized = true;                // false when an override keeps the layer float
  std::optional<WeightQuant> weight;    // absent when kept float
  // Bias quantized to int32 with scale s_input · s_weight[c] and zero point 0 (as ONNX QDQ export
  // and integer kernels do); absent without a bias, activation quantization or when kept float,
  // and for weights without one scale per output channel or without integer codes (per-group,
  // FP8, NF4: their kernels keep the bias in float; see biasIsQuantizable in weight_quantization.h).
  std::optional<Tensor> dequantizedBias;
};

struct QuantState {
  QuantConfig config;
  std::vector<LayerQuant> layers;                       // parallel to plan.layers
  std::map<std::string, ActivationQuant> activations;   // by tensor; empty with --act-dtype none
  double requantizeMs = 0.0;                            // wall time of deriveQuantization
};

// Validates the config, then derives every qparam and weight metric; layers kept float by an
// override leave their input/output activations quantized only if another quantized op needs them
// (activationsOnlyFloatLayersUse in activation_quantization.h). Weights are observed with
// config.weightObserver and activations with config.activationObserver, each given the bits,
// symmetry and signedness of its scheme. Throws Error naming the tensor or layer when a statistic
// or weight cannot be quantized (e.g. a NaN weight), or when an override names no planned layer.
QuantState deriveQuantization(const Graph& graph, const QuantPlan& plan, const CalibrationResult& calibration,
                              const QuantConfig& config);

}  // namespace quantlens
