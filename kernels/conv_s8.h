// Integer convolution: uint8 NCHW images, int8 weights (per-tensor zero point), int32 results.
#pragma once

#include <cstdint>

#include "kernels/gemm_s8.h"
#include "kernels/requantize.h"
#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// A grouped convolution like ConvF32Params: input [batch][inputChannels][g.input] uint8 with one
// zero point, weight [outputChannels][inputChannels / groups][g.kernel], output
// [batch][outputChannels][g.output] int32. Both channel counts are multiples of `groups`.
struct ConvS8Params {
  int64_t batch = 1;
  int64_t inputChannels = 1;
  int64_t outputChannels = 1;
  int64_t groups = 1;
  WindowGeometry geometry;
  int32_t inputZeroPoint = 0;
};

// y[n][m][o] = bias[m] + Σ_{c,k} (w[m][c][k] − wZp)·(x[n][group(m)·C/G + c][o·stride − padBegin + k·dilation] − xZp)
// where padding cells hold xZp (the quantized 0) and so add nothing; `bias` (int32, scale
// s_x·s_w as ONNX QLinearConv's) may be null. This is ConvInteger, and QLinearConv before its
// requantization (kernels/requantize.h). `weights` is packed with rows = outputChannels,
// depth = (inputChannels / groups)·kernelVolume and `groups` groups. Depthwise filters (one input
// channel per group, fewer than 4 filters each) run depthwiseConvU8S8; the rest runs the AVX2 GEMM
// on patch rows read in place from the image's stride-phase planes (kernels/im2col_phases_u8.h;
// a stride-1 unpadded filter reads the image as it lies).
void convU8S8(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
              int32_t* output);

// convU8S8 followed by requantizeToU8 (kernels/requantize.h) of each image, r.multipliers indexed by
// output channel when per channel: QLinearConv with uint8 output. Faster than the two calls, as the
// requantization runs on the GEMM's rows before they are compacted, without the int32 output.
void convU8S8ToU8(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
                  const Requantization& r, uint8_t* output);

// The definition summed plane by plane with depthwiseConvU8S8Reference, from unpacked weights.
void convU8S8Reference(const ConvS8Params& p, const uint8_t* input, const int8_t* weight, int32_t weightZeroPoint,
                       const int32_t* bias, int32_t* output);

}  // namespace quantlens::kernels
