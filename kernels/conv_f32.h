// Float convolution and transposed convolution on NCHW-style buffers (1-D, 2-D and 3-D windows).
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// A grouped convolution: input [batch][inputChannels][g.input], weight
// [outputChannels][inputChannels / groups][g.kernel], output [batch][outputChannels][g.output].
// Both channel counts must be multiples of `groups`.
struct ConvF32Params {
  int64_t batch = 1;
  int64_t inputChannels = 1;
  int64_t outputChannels = 1;
  int64_t groups = 1;
  WindowGeometry geometry;
};

// y[n][m][o] = bias[m] + Σ_{c,k} w[m][c][k] · x[n][group(m)·C/G + c][o·stride − padBegin + k·dilation]
// with padding cells read as 0; `bias` may be null. Depthwise filters (one input channel per
// group) run a direct loop, 1×1 stride-1 unpadded filters one GEMM on the input as it lies, and
// everything else im2col over tiles of output positions (about 1 MB of scratch) + GEMM.
void convF32(const ConvF32Params& p, const float* input, const float* weight, const float* bias,
             float* output);

// The transpose (gradient) of the convolution whose geometry is p.geometry: input
// [batch][inputChannels][g.output], weight [inputChannels][outputChannels / groups][g.kernel],
// output [batch][outputChannels][g.input], i.e. the roles of the geometry's image and window
// positions are swapped. y[n][group(c)·M/G + m][i·stride − padBegin + k·dilation] +=
// x[n][c][i] · w[c][m][k] for every position that lands inside y, starting from bias (or 0).
void convTransposeF32(const ConvF32Params& p, const float* input, const float* weight, const float* bias,
                      float* output);

// Naive loops computing the same as convF32 / convTransposeF32: the ground truth for tests.
void convF32Reference(const ConvF32Params& p, const float* input, const float* weight, const float* bias,
                      float* output);
void convTransposeF32Reference(const ConvF32Params& p, const float* input, const float* weight,
                               const float* bias, float* output);

}  // namespace quantlens::kernels
