// Reference int8 convolutions: every tap of every window, 64-bit sums, no packing.
#include <vector>

#include "kernels/conv_s8.h"
#include "kernels/depthwise_conv_s8.h"

namespace quantlens::kernels {

void depthwiseConvU8S8Reference(const uint8_t* image, int32_t imageZeroPoint, const WindowGeometry& g,
                                const int8_t* weight, int32_t weightZeroPoint, int32_t bias, int32_t* out) {
  for (int64_t od = 0; od < g.output[0]; ++od)
    for (int64_t oh = 0; oh < g.output[1]; ++oh)
      for (int64_t ow = 0; ow < g.output[2]; ++ow) {
        int64_t sum = bias;
        for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
          for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
            for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
              const int64_t iz = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
              const int64_t iy = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
              const int64_t ix = ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
              if (iz < 0 || iz >= g.input[0] || iy < 0 || iy >= g.input[1] || ix < 0 || ix >= g.input[2])
                continue;  // padding holds the zero point: (x − xZp) = 0
              const int64_t x = image[(iz * g.input[1] + iy) * g.input[2] + ix];
              const int64_t w = weight[(kd * g.kernel[1] + kh) * g.kernel[2] + kw];
              sum += (w - weightZeroPoint) * (x - imageZeroPoint);
            }
        out[(od * g.output[1] + oh) * g.output[2] + ow] = static_cast<int32_t>(sum);
      }
}

void convU8S8Reference(const ConvS8Params& p, const uint8_t* input, const int8_t* weight, int32_t weightZeroPoint,
                       const int32_t* bias, int32_t* output) {
  const WindowGeometry& g = p.geometry;
  const int64_t cg = p.inputChannels / p.groups, mg = p.outputChannels / p.groups;
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane(), kv = g.kernelVolume();
  std::vector<int32_t> plane(static_cast<size_t>(outPlane));
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t m = 0; m < p.outputChannels; ++m) {
      int32_t* out = output + (n * p.outputChannels + m) * outPlane;
      for (int64_t o = 0; o < outPlane; ++o) out[o] = bias ? bias[m] : 0;
      // Output channel m sums one single-channel convolution per input channel of its group.
      for (int64_t c = 0; c < cg; ++c) {
        const uint8_t* image = input + (n * p.inputChannels + (m / mg) * cg + c) * inPlane;
        depthwiseConvU8S8Reference(image, p.inputZeroPoint, g, weight + (m * cg + c) * kv, weightZeroPoint, 0,
                                   plane.data());
        for (int64_t o = 0; o < outPlane; ++o)
          out[o] = static_cast<int32_t>(static_cast<uint32_t>(out[o]) + static_cast<uint32_t>(plane[o]));
      }
    }
}

}  // namespace quantlens::kernels
