// How far each quantized layer's output drifts from FP32: with only that layer quantized
// (isolated) and with the whole model quantized (accumulated).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/progress.h"
#include "core/quant/error_metrics.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

struct LayerActivationError {
  std::string layer;
  std::string tensor;        // the layer's output (after its fused activation)
  ErrorMetrics isolated;     // only this layer's weight and activations quantized
  ErrorMetrics accumulated;  // every layer quantized up to here
};

enum class LayerErrorScope {
  AccumulatedAndIsolated,
  AccumulatedOnly,  // isolated left at its defaults: two model runs per batch, for comparing configurations
};

// Runs the FP32 model, the fully fake-quantized model and one fake-quant model per layer that is
// quantized alone over `inputs` (batches of the graph's single input), summing errors over all
// of them. Layers kept float get no entry. Costs (layers + 2) model runs per batch; the FP32
// layer outputs of all batches are kept meanwhile, so callers pass a bounded sample (e.g. 32).
// `cancel` is checked between runs.
std::vector<LayerActivationError> analyzeLayerActivations(
    const Graph& graph, const QuantPlan& plan, const QuantState& state, std::span<const Tensor> inputs,
    const CancellationToken* cancel = nullptr, LayerErrorScope scope = LayerErrorScope::AccumulatedAndIsolated);

}  // namespace quantlens
