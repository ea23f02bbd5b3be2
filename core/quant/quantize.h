// Quantize, dequantize and fake-quantize float data with per-tensor, per-channel or per-group qparams.
#pragma once

#include <cstdint>
#include <span>

#include "core/quant/qparams.h"
#include "core/tensor/tensor.h"

namespace quantlens {

// One value to its integer code, clamped to `saturation`:
// - OnnxRuntime: ONNX QuantizeLinear / ORT MLAS: rne(x / scale) + zeroPoint (true division).
// - PyTorch: the fake-quant kernels: nearbyint(x * f32(1 / scale)) + zeroPoint.
// Both clamp before adding the zero point (equivalent to clamping after, as the bounds are
// integers) and send NaN to saturation.min, as MLAS's max_ps and PyTorch's int64 cast do.
int32_t quantizeValue(float x, float scale, int32_t zeroPoint, QuantRange saturation, QuantReference reference);
// ONNX DequantizeLinear: (code - zeroPoint) * scale in float32.
float dequantizeValue(int32_t code, float scale, int32_t zeroPoint);

// x → dequantize(quantize(x)) for the elements of a tensor of shape `shape` (the fake-quant
// executor's operation). Integer dtypes clamp to scheme.saturationRange(); FP8 is
// decodeFp8(encodeFp8(x / scale, saturate)) * scale; NF4 is value[encodeNf4(x * f32(1/absmax))] *
// absmax. `out` may be `x` itself. Throws Error when the qparams do not fit the shape.
void fakeQuantize(std::span<const float> x, const Shape& shape, const QParams& qparams, std::span<float> out);
Tensor fakeQuantize(const Tensor& x, const QParams& qparams);

// Integer codes: integer dtypes give the code itself, FP8 its bit pattern (0..255), NF4 the code
// index (0..15).
void quantize(std::span<const float> x, const Shape& shape, const QParams& qparams, std::span<int32_t> codes);
// A tensor of codeDataType(dtype, bits) (unpacked: one 4-bit code per byte).
Tensor quantize(const Tensor& x, const QParams& qparams);

void dequantize(std::span<const int32_t> codes, const Shape& shape, const QParams& qparams, std::span<float> out);
// Codes of any integer element type (as from quantize() or an ONNX initializer) to float32.
Tensor dequantize(const Tensor& codes, const QParams& qparams);

}  // namespace quantlens
