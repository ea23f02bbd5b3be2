// Model size before and after quantization, counted from the weights and qparams (the exported
// QDQ file's real size replaces the estimate once the model is exported).
#pragma once

#include <cstdint>

#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

struct ModelSize {
  int64_t fp32Bytes = 0;       // every float initializer as float32
  int64_t quantizedBytes = 0;  // quantized weights at their bit width (packed), their scales and
                               // zero points, int32 biases, activation qparams, the rest as float32
  double ratio() const { return quantizedBytes > 0 ? static_cast<double>(fp32Bytes) / quantizedBytes : 0.0; }
};

ModelSize estimateModelSize(const Graph& graph, const QuantPlan& plan, const QuantState& state);

}  // namespace quantlens
