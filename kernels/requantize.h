// Requantization of int32 accumulators to uint8 / int8 with a float multiplier, per tensor or per channel.
//
// q = clamp(nearbyint(float(acc) · multiplier) + zeroPoint, outputMin, outputMax), multiplier =
// s_x·s_w / s_y, rounding half to even (the default FP mode) as ONNX QuantizeLinear does.
//
// Why a float multiplier and not gemmlowp's fixed-point multiplier + shift: it is what ONNX Runtime's
// MLAS runs for QLinearConv (int32 → float, × scale, round to nearest even, + zero point), so a model
// exported by QuantLens gives the same bytes here and there; its rounding is ONNX's half-to-even,
// where the fixed-point path rounds half away from zero (and its multiplier rounding adds a second
// error); and AVX2 converts, multiplies and rounds 8 lanes in three instructions. The cost: an
// accumulator beyond 2²⁴ in magnitude is rounded when converted to float — relative error 2⁻²⁴,
// which moves the result only at a near-tie. ONNX's reference computes acc·multiplier in float64 and
// may differ from this by 1 at exact ties of huge accumulators; fake-quant agrees within one step.
#pragma once

#include <cstdint>

namespace quantlens::kernels {

struct Requantization {
  const float* multipliers = nullptr;  // multipliers[c] for channel c when perChannel, else multipliers[0]
  bool perChannel = false;
  int32_t zeroPoint = 0;
  // The saturation range: [0, 255] for uint8, [−128, 127] for int8. A fused ReLU raises outputMin to
  // zeroPoint (the quantized 0), a ReLU6 also lowers outputMax.
  int32_t outputMin = 0;
  int32_t outputMax = 255;
};

// f32(f32(inputScale·weightScale) / outputScale), the float32 scale arithmetic of ONNX's QLinearConv reference.
float requantizationMultiplier(float inputScale, float weightScale, float outputScale);

// out[c][i] for `channels` rows of `plane` accumulators (one image of an NCHW tensor).
void requantizeToU8(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, uint8_t* out);
void requantizeToS8(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, int8_t* out);

// requantizeToU8 of `channels` planes of `runs`·`width` values each that lie in `acc` as runs:
// out[c][i·width + x] comes from acc[c·channelStride + i·runStride + x], x < width. This reads a
// convolution's GEMM rows of virtual columns (kernels/im2col_phases_u8.h, one run per output row)
// straight into the compact output.
void requantizeRunsToU8(const int32_t* acc, int64_t channels, int64_t channelStride, int64_t runs, int64_t runStride,
                        int64_t width, const Requantization& r, uint8_t* out);

// The same one value at a time: the ground truth of the tests and the fallback without AVX2.
void requantizeToU8Reference(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r,
                             uint8_t* out);
void requantizeToS8Reference(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r,
                             int8_t* out);
void requantizeRunsToU8Reference(const int32_t* acc, int64_t channels, int64_t channelStride, int64_t runs,
                                 int64_t runStride, int64_t width, const Requantization& r, uint8_t* out);

}  // namespace quantlens::kernels
