// Quantization of one layer's weight and bias: the scheme the layer gets, the weight's qparams,
// dequantized copy and error, and the int32 bias of integer kernels.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/quant/quant_config.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

// config.weightScheme with the granularity's axis taken from the layer (per-channel: its output
// channels, layer.channelAxis; per-group: blocks along its input channels, layer.reductionAxis)
// and an override's bit width applied. A bit width override keeps the signedness
// (int8 → int4, uint8 → uint3) and drops a custom quant_min/quant_max, which belongs to the
// configured width.
QuantScheme weightSchemeFor(const QuantConfig& config, const QuantizedLayer& layer,
                            const LayerOverride* override = nullptr);

// The weight observer's settings for `scheme`: config.weightObserver with the grid the scheme
// quantizes to (bits, symmetric, unsigned), which the MSE search needs.
ObserverSettings weightObserverFor(const ObserverSettings& observer, const QuantScheme& scheme);

// Observes the weight (observeWeightRanges), computes its qparams, fake-quantizes it and measures
// the error against the float weight. When the slots follow axis 0 (per-channel on axis 0,
// per-group) this runs slice by slice (weight_slices.h), reading the weight from memory once;
// otherwise the ranges take one pass and fakeQuantizeAndCompare another. Throws Error (from the
// ranges or qparams) for a weight that cannot be quantized, e.g. one holding NaN.
WeightQuant quantizeWeight(const Tensor& weight, const QuantScheme& scheme, const ObserverSettings& observer);

// fakeQuantize(weight, qparams) together with compareTensors(weight, result), in one pass: slices
// along axis 0 of about 16k elements are fake-quantized and compared while still in cache (the
// qparams sliced to match). Same results as the two calls.
Tensor fakeQuantizeAndCompare(const Tensor& weight, const QParams& qparams, ErrorMetrics& error);

// The bias as integer kernels and ONNX QDQ export see it (ONNX Runtime quantize_bias_static,
// QLinearConv's B): code = rne(b[c] / s_b[c]) with s_b[c] = f32(inputScale · weightScales[c]) and
// zero point 0, saturated to int32; returned dequantized, code · s_b[c]. `weightScales` holds one
// scale (per-tensor) or one per output channel (bias.size() of them). Throws Error for a NaN or
// infinite bias value or a non-positive scale product.
Tensor fakeQuantizeBias(const Tensor& bias, float inputScale, std::span<const float> weightScales);
// The int32 codes of the same rule (for export and integer kernels).
std::vector<int32_t> quantizeBias(const Tensor& bias, float inputScale, std::span<const float> weightScales);

// Whether a layer's bias can go to int32 with scale s_in · s_w[c]: the weight must be uniform
// integer codes with one scale per output channel (per-tensor or per-channel) and the input an
// integer activation. Per-group weights have several scales along the reduction axis inside one
// output channel, so the accumulator of a channel has no single scale an int32 bias could share;
// kernels for them (ONNX Runtime MatMulNBits, GPTQ/AWQ) keep the bias in float, and so does
// QuantLens. FP8/NF4 weights or activations have no integer accumulator either.
bool biasIsQuantizable(const QuantScheme& weightScheme, const std::optional<QuantScheme>& activationScheme);

}  // namespace quantlens
