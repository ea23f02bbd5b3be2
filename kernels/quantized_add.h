// Elementwise addition of two quantized tensors with different scales, requantized to a third.
#pragma once

#include <cstdint>

namespace quantlens::kernels {

// out = clamp(nearbyint(float(a − aZeroPoint)·aMultiplier + float(b − bZeroPoint)·bMultiplier) + zeroPoint,
//             outputMin, outputMax)
// with aMultiplier = s_a / s_out and bMultiplier = s_b / s_out: dequantize, add, quantize (ONNX
// Runtime's QLinearAdd), in float32 with two products and one sum, never fused into an FMA (both
// the reference and the AVX2 kernel are built with -ffp-contract=off, so they agree to the bit).
// Rounding is half to even. A fused ReLU sets outputMin to zeroPoint.
struct QuantizedAdd {
  int32_t aZeroPoint = 0;
  float aMultiplier = 1.0f;
  int32_t bZeroPoint = 0;
  float bMultiplier = 1.0f;
  int32_t zeroPoint = 0;
  int32_t outputMin = 0;  // the output type's range unless an activation is fused
  int32_t outputMax = 255;
};

// `count` elements of equal-shaped a and b (broadcasting is the caller's).
void addU8(const uint8_t* a, const uint8_t* b, int64_t count, const QuantizedAdd& q, uint8_t* out);
void addS8(const int8_t* a, const int8_t* b, int64_t count, const QuantizedAdd& q, int8_t* out);

void addU8Reference(const uint8_t* a, const uint8_t* b, int64_t count, const QuantizedAdd& q, uint8_t* out);
void addS8Reference(const int8_t* a, const int8_t* b, int64_t count, const QuantizedAdd& q, int8_t* out);

}  // namespace quantlens::kernels
