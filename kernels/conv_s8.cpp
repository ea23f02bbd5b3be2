// Int8 convolution driver: depthwise planes, or per group im2col rows fed to the tiled AVX2 GEMM.
#include "kernels/conv_s8.h"

#include <cassert>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/depthwise_conv_s8.h"
#include "kernels/gemm_s8_tiles.h"
#include "kernels/im2col_u8.h"

namespace quantlens::kernels {
namespace {

bool isPointwise(const WindowGeometry& g) {
  return g.kernelVolume() == 1 && g.stride == Extents3{1, 1, 1} && g.padBegin == Extents3{0, 0, 0} &&
         g.input == g.output;
}

// The zero-point-padded copy of one group's input, kept per thread across calls.
std::vector<uint8_t>& paddedScratch() {
  thread_local std::vector<uint8_t> buffer;
  return buffer;
}

}  // namespace

void convU8S8(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
              int32_t* output) {
  const WindowGeometry& g = p.geometry;
  const int64_t channelsPerGroup = p.inputChannels / p.groups, filtersPerGroup = p.outputChannels / p.groups;
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane();
  // The operator packed these weights for this node: a mismatch is a bug, not a user error.
  assert(p.groups > 0 && p.inputChannels % p.groups == 0 && p.outputChannels % p.groups == 0);
  assert(weights.rows() == p.outputChannels && weights.groups() == p.groups &&
         weights.depth() == channelsPerGroup * g.kernelVolume());
  if (p.batch == 0 || p.outputChannels == 0 || outPlane == 0) return;

  if (channelsPerGroup == 1) {
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t m = 0; m < p.outputChannels; ++m)
        depthwiseConvU8S8(input + (n * p.inputChannels + m / filtersPerGroup) * inPlane, p.inputZeroPoint, g,
                          weights.row(m), weights.zeroPoint(), bias ? bias[m] : 0,
                          output + (n * p.outputChannels + m) * outPlane);
    return;
  }
  if (activeKernelIsa() != KernelIsa::Avx2) {
    convU8S8Reference(p, input, weights.row(0), weights.zeroPoint(), bias, output);
    return;
  }

  const bool pointwise = isPointwise(g);
  Im2colU8 im2col(g, pointwise ? 0 : channelsPerGroup);
  std::vector<uint8_t>& padded = paddedScratch();
  padded.resize(static_cast<size_t>(im2col.paddedSize()));
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t group = 0; group < p.groups; ++group) {
      const uint8_t* image = input + (n * p.inputChannels + group * channelsPerGroup) * inPlane;
      int32_t* out = output + (n * p.outputChannels + group * filtersPerGroup) * outPlane;
      if (!pointwise) im2col.pad(image, static_cast<uint8_t>(p.inputZeroPoint), padded.data());
      int64_t selected = -1;  // the first column of the tile im2col has selected
      auto fetchRow = [&](int64_t k, int64_t first, int64_t count, uint8_t* scratch) -> const uint8_t* {
        if (pointwise) return image + k * inPlane + first;  // a 1×1 filter's patch row is a channel
        if (first != selected) {
          im2col.selectColumns(first, count);
          selected = first;
        }
        im2col.row(padded.data(), k, scratch);
        return scratch;
      };
      gemmS8Tiled(weights, group, outPlane, p.inputZeroPoint, false, bias ? bias + group * filtersPerGroup : nullptr,
                  fetchRow, out, outPlane);
    }
}

}  // namespace quantlens::kernels
