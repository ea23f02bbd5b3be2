// The kinds of int8 program steps, one factory each: integer kernels where they apply, float otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/runtime/int8/int8_model.h"
#include "core/runtime/int8/int8_step.h"
#include "core/runtime/op_registry.h"

namespace quantlens {

// The stored-code range [min, max] an output is clamped to: the saturation range of its codes,
// narrowed by a fused Relu (to the quantized 0) or Clip (to its quantized bounds). Quantization is
// monotonic, so quantize(clip(v)) = clamp(quantize(v), quantize(lo), quantize(hi)).
struct CodeClamp {
  int32_t min = 0;
  int32_t max = 255;
};
// The clamp of `output` after the fused `activation` node (Relu, or Clip with constant bounds), or
// the saturation range when activation is -1; nullopt when the Clip's bounds are not constants.
std::optional<CodeClamp> fusedClamp(const Int8BuildContext& context, int activation, const ActivationCodes& output);

// Why a node whose output should hold its input's codes cannot (an unquantized input or output, or
// qparams of their own), or nullopt.
std::optional<std::string> sharedCodesRefusal(const Node& node, const ActivationCodes* input,
                                              const ActivationCodes* output);

// Conv / Gemm / MatMul of plan.layers[layer] with packed int8 weights, int32 bias and a (fused)
// requantization (int8_layer_step.cpp); with options.threads > 1 the weights are also packed in
// slices of output channels for the pool.
Int8StepChoice chooseLayerStep(const Int8BuildContext& context, size_t layer, const Int8Options& options);
// Add of two quantized tensors requantized to a third, a following Relu fused as PyTorch's add-relu
// (int8_elementwise_steps.cpp).
Int8StepChoice chooseAddStep(const Int8BuildContext& context, int node);
// Relu / Clip that are not fused: a clamp of codes sharing their input's qparams.
Int8StepChoice chooseClampStep(const Int8BuildContext& context, int node);
// AveragePool / GlobalAveragePool on codes, requantized to the output's qparams (int8_pool_step.cpp).
Int8StepChoice choosePoolStep(const Int8BuildContext& context, int node);
// Operators that move codes without arithmetic (Flatten, Reshape, Squeeze, Unsqueeze, Transpose,
// Identity, MaxPool) when output and input share qparams: the float kernel run on the uint8 codes.
Int8StepChoice chooseCodeStep(const Int8BuildContext& context, int node, OpKernel kernel);
// Any node in float: quantized inputs dequantized, the float kernel, outputs that carry qparams
// quantized as the fake-quant executor does (int8_float_step.cpp).
Int8StepChoice makeFloatStep(const Int8BuildContext& context, int node, OpKernel kernel);

}  // namespace quantlens
