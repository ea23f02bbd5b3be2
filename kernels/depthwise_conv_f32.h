// Direct float convolution of one image plane with one filter: the depthwise (one channel per group) case.
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// out[o] = bias + Σ_k weight[k] · image[o·stride − padBegin + k·dilation] over in-image taps, for
// every window position o of g (image is g.inputPlane() floats, out g.outputPlane(), weight
// g.kernelVolume()). Im2col + GEMM would multiply with K = 9 for a 3×3 filter, far too thin for a
// GEMM kernel, so depthwise convolutions run direct loops instead.
void depthwiseConvF32(const float* image, const WindowGeometry& g, const float* weight, float bias,
                      float* out);

}  // namespace quantlens::kernels
