// Quantization parameters as one JSON file ("encodings"), per quantized tensor: name, dtype, bits,
// scheme, axis, group_size, scales, zero_points (CLI.md, --export-qparams).
#pragma once

#include <filesystem>

#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

// Weights first (by initializer name, in layer order), then activations (by tensor name, in plan
// order). Throws Error naming the path when it cannot be written.
void exportQParams(const QuantPlan& plan, const QuantState& state, const std::filesystem::path& path);

}  // namespace quantlens
