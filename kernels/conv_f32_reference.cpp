// Reference convolutions: the definitions written as nested loops, with no tiling or GEMM.
#include "kernels/conv_f32.h"

namespace quantlens::kernels {
namespace {

// Calls visit(inputIndex, outputIndex, kernelIndex) for every (window position, tap) pair whose
// tap lands inside the image, indices relative to one image plane, window plane and filter.
template <class Visit>
void forEachTap(const WindowGeometry& g, Visit&& visit) {
  for (int64_t od = 0; od < g.output[0]; ++od)
    for (int64_t oh = 0; oh < g.output[1]; ++oh)
      for (int64_t ow = 0; ow < g.output[2]; ++ow)
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
          for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
            for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
              const int64_t iz = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
              const int64_t iy = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
              const int64_t ix = ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
              if (iz < 0 || iz >= g.input[0] || iy < 0 || iy >= g.input[1] || ix < 0 || ix >= g.input[2])
                continue;
              visit((iz * g.input[1] + iy) * g.input[2] + ix, (od * g.output[1] + oh) * g.output[2] + ow,
                    (kd * g.kernel[1] + kh) * g.kernel[2] + kw);
            }
}

}  // namespace

void convF32Reference(const ConvF32Params& p, const float* input, const float* weight, const float* bias,
                      float* output) {
  const WindowGeometry& g = p.geometry;
  const int64_t cg = p.inputChannels / p.groups, mg = p.outputChannels / p.groups;
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane(), kv = g.kernelVolume();
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t m = 0; m < p.outputChannels; ++m) {
      float* out = output + (n * p.outputChannels + m) * outPlane;
      for (int64_t o = 0; o < outPlane; ++o) out[o] = bias ? bias[m] : 0.0f;
      for (int64_t c = 0; c < cg; ++c) {
        const float* image = input + (n * p.inputChannels + (m / mg) * cg + c) * inPlane;
        const float* filter = weight + (m * cg + c) * kv;
        forEachTap(g, [&](int64_t i, int64_t o, int64_t k) { out[o] += filter[k] * image[i]; });
      }
    }
}

void convTransposeF32Reference(const ConvF32Params& p, const float* input, const float* weight,
                               const float* bias, float* output) {
  const WindowGeometry& g = p.geometry;
  const int64_t cg = p.inputChannels / p.groups, mg = p.outputChannels / p.groups;
  const int64_t inPlane = g.outputPlane(), outPlane = g.inputPlane(), kv = g.kernelVolume();
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t m = 0; m < p.outputChannels; ++m) {
      float* out = output + (n * p.outputChannels + m) * outPlane;
      for (int64_t o = 0; o < outPlane; ++o) out[o] = bias ? bias[m] : 0.0f;
      for (int64_t c = 0; c < cg; ++c) {
        const int64_t channel = (m / mg) * cg + c;
        const float* image = input + (n * p.inputChannels + channel) * inPlane;
        const float* filter = weight + (channel * mg + m % mg) * kv;
        // The convolution's image is this output and its window positions this input.
        forEachTap(g, [&](int64_t y, int64_t x, int64_t k) { out[y] += filter[k] * image[x]; });
      }
    }
}

}  // namespace quantlens::kernels
