// AVX2 depthwise int8 convolution of one plane: exact int16 tap pairs through vpmaddwd.
//
// Why not vpmaddubsw: a depthwise filter has only kernelVolume (9) weights per output, so the
// pairing and residual trick of the GEMM (kernels/x86/gemm_s8_avx2.h) would need shuffles per tap
// that cost more than they save. Instead the plane is widened once to int16 (x − xZp, zero
// padding around it), the weights to int16 pairs (w − wZp), and each vpmaddwd multiplies two
// horizontally adjacent taps for 8 outputs: |(x − xZp)(w − wZp)| ≤ 255·255, so the int32 pair sums
// are exact with no range restriction at all. Stride 2 puts each dword of a row load on one output;
// stride 1 computes even and odd outputs from row loads one element apart and interleaves them.
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// Whether depthwiseConvU8S8Avx2 handles g: a 2-D window (depth 1), horizontal stride 1 or 2 and
// horizontal dilation 1 (any vertical stride, dilation and padding).
bool depthwiseConvU8S8Avx2Supports(const WindowGeometry& g);

// depthwiseConvU8S8 for a geometry depthwiseConvU8S8Avx2Supports.
void depthwiseConvU8S8Avx2(const uint8_t* image, int32_t imageZeroPoint, const WindowGeometry& g,
                           const int8_t* weight, int32_t weightZeroPoint, int32_t bias, int32_t* out);

}  // namespace quantlens::kernels
