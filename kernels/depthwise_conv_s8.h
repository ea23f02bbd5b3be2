// Integer convolution of one uint8 image plane with one int8 filter: the depthwise case of convU8S8.
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// out[o] = bias + Σ_k (weight[k] − weightZeroPoint)·(image[o·stride − padBegin + k·dilation] − imageZeroPoint)
// over the in-image taps of each window position o (padding is the quantized 0 and adds nothing);
// image holds g.inputPlane() bytes, out g.outputPlane() int32, weight g.kernelVolume() values.
// 2-D filters with horizontal stride 1 or 2 and no horizontal dilation run the AVX2 kernel
// (kernels/x86/depthwise_conv_s8_avx2.h) when the CPU has it, everything else the reference.
void depthwiseConvU8S8(const uint8_t* image, int32_t imageZeroPoint, const WindowGeometry& g, const int8_t* weight,
                       int32_t weightZeroPoint, int32_t bias, int32_t* out);

// The definition as loops over every tap, with 64-bit sums.
void depthwiseConvU8S8Reference(const uint8_t* image, int32_t imageZeroPoint, const WindowGeometry& g,
                                const int8_t* weight, int32_t weightZeroPoint, int32_t bias, int32_t* out);

}  // namespace quantlens::kernels
