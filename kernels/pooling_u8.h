// Average and global average pooling on uint8 tensors, requantized to the output's scale and zero point.
// (Max pooling of uint8 needs no arithmetic: maxPoolU8 in kernels/pooling.h.)
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// out = clamp(nearbyint(float(S) · multiplier / float(count)) + outputZeroPoint, outputMin, outputMax)
// where S = Σ (x − inputZeroPoint) over a window's in-image taps, count is as in averagePoolF32 (the
// taps inside the padded image when countIncludePad, else the in-image taps; padding is the
// quantized 0 and adds nothing to S) and multiplier = s_in / s_out. This is PyTorch's quantized
// avg_pool2d (sum of x − zp, × s_in / (s_out·count), round with nearbyint, i.e. half to even) and
// ONNX's DequantizeLinear → AveragePool → QuantizeLinear. The float operations run in this order
// (S exact, one product, one quotient), so with equal input and output scales (multiplier 1, the
// usual case) the result is S / count rounded exactly half to even: 5 / 2 → 2, 7 / 2 → 4, −5 / 2 → −2.
// PyTorch multiplies by a rounded reciprocal of count and can land 1 higher at such ties when count
// is not a power of two. A window with no taps to count yields outputZeroPoint (the quantized 0).
struct PoolingU8Quantization {
  int32_t inputZeroPoint = 0;
  float multiplier = 1.0f;
  int32_t outputZeroPoint = 0;
  int32_t outputMin = 0;
  int32_t outputMax = 255;
};

// `planes` planes of g.inputPlane() bytes in, g.outputPlane() bytes out each.
void averagePoolU8(const uint8_t* input, int64_t planes, const WindowGeometry& g, bool countIncludePad,
                   const PoolingU8Quantization& q, uint8_t* output);

// One value per plane of `plane` bytes: the mean over all of it (GlobalAveragePool).
void globalAveragePoolU8(const uint8_t* input, int64_t planes, int64_t plane, const PoolingU8Quantization& q,
                         uint8_t* output);

}  // namespace quantlens::kernels
