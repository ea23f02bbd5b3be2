// Depthwise int8 convolution dispatch: the AVX2 plane kernel where it applies, else the reference.
#include "kernels/depthwise_conv_s8.h"

#include "kernels/cpu_features.h"
#include "kernels/x86/depthwise_conv_s8_avx2.h"

namespace quantlens::kernels {

bool depthwiseConvU8S8Avx2Supports(const WindowGeometry& g) {
  const bool planar = g.input[0] == 1 && g.kernel[0] == 1 && g.output[0] == 1 && g.padBegin[0] == 0;
  return planar && g.dilation[2] == 1 && (g.stride[2] == 1 || g.stride[2] == 2);
}

void depthwiseConvU8S8(const uint8_t* image, int32_t imageZeroPoint, const WindowGeometry& g, const int8_t* weight,
                       int32_t weightZeroPoint, int32_t bias, int32_t* out) {
  if (activeKernelIsa() == KernelIsa::Avx2 && depthwiseConvU8S8Avx2Supports(g))
    depthwiseConvU8S8Avx2(image, imageZeroPoint, g, weight, weightZeroPoint, bias, out);
  else
    depthwiseConvU8S8Reference(image, imageZeroPoint, g, weight, weightZeroPoint, bias, out);
}

}  // namespace quantlens::kernels
