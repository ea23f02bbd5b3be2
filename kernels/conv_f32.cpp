// Convolution drivers: direct depthwise loops, plain GEMM for 1×1 filters, else tiled im2col + GEMM.
#include "kernels/conv_f32.h"

#include <algorithm>
#include <cassert>
#include <vector>

#include "kernels/depthwise_conv_f32.h"
#include "kernels/gemm_f32.h"
#include "kernels/im2col_f32.h"

namespace quantlens::kernels {
namespace {

// The operators check shapes against the node before calling, so a bad grouping here is a bug.
[[maybe_unused]] bool validGrouping(const ConvF32Params& p) {
  return p.groups > 0 && p.inputChannels % p.groups == 0 && p.outputChannels % p.groups == 0;
}

// Patch-matrix tiles hold about 1 MB of floats: enough columns for GEMM to run at full speed
// (≥ 64), small enough to stay in L2 next to the weights.
constexpr int64_t kScratchFloats = int64_t{1} << 18;
constexpr int64_t kMinTileColumns = 64;

int64_t tileColumns(int64_t rows, int64_t columns) {
  const int64_t byBudget = rows > 0 ? kScratchFloats / rows : columns;
  return std::max<int64_t>(1, std::min(columns, std::max(byBudget, kMinTileColumns)));
}

bool isPointwise(const WindowGeometry& g) {
  return g.kernelVolume() == 1 && g.stride == Extents3{1, 1, 1} && g.padBegin == Extents3{0, 0, 0} &&
         g.input == g.output;
}

// Patch-matrix scratch, kept per thread across calls: a fresh megabyte costs a page fault per 4 KB
// page on first touch, which on a busy machine rivals the GEMM of a small layer.
float* scratchFloats(int64_t count) {
  thread_local std::vector<float> buffer;
  if (buffer.size() < static_cast<size_t>(count)) buffer.resize(static_cast<size_t>(count));
  return buffer.data();
}

void addBias(const float* bias, int64_t channels, int64_t plane, float* out) {
  if (!bias) return;
  for (int64_t c = 0; c < channels; ++c) {
    const float b = bias[c];
    float* row = out + c * plane;
    for (int64_t i = 0; i < plane; ++i) row[i] += b;
  }
}

}  // namespace

void convF32(const ConvF32Params& p, const float* input, const float* weight, const float* bias,
             float* output) {
  assert(validGrouping(p));
  const WindowGeometry& g = p.geometry;
  const int64_t channelsPerGroup = p.inputChannels / p.groups;
  const int64_t filtersPerGroup = p.outputChannels / p.groups;
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane(), kernelVolume = g.kernelVolume();
  const int64_t depth = channelsPerGroup * kernelVolume;  // GEMM K: one filter's weight count
  if (p.batch == 0 || p.outputChannels == 0 || outPlane == 0) return;

  if (channelsPerGroup == 1) {
    // Depthwise (or a single input channel): filter m reads only input channel m / filtersPerGroup.
    for (int64_t n = 0; n < p.batch; ++n)
      for (int64_t m = 0; m < p.outputChannels; ++m)
        depthwiseConvF32(input + (n * p.inputChannels + m / filtersPerGroup) * inPlane, g,
                         weight + m * kernelVolume, bias ? bias[m] : 0.0f,
                         output + (n * p.outputChannels + m) * outPlane);
    return;
  }

  const bool pointwise = isPointwise(g);
  const int64_t tile = pointwise ? 0 : tileColumns(depth, outPlane);
  float* columns = pointwise ? nullptr : scratchFloats(depth * tile);
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t group = 0; group < p.groups; ++group) {
      const float* image = input + (n * p.inputChannels + group * channelsPerGroup) * inPlane;
      const float* filters = weight + group * filtersPerGroup * depth;
      float* out = output + (n * p.outputChannels + group * filtersPerGroup) * outPlane;
      if (pointwise) {
        // The image [C/G][HW] already is the patch matrix of a 1×1 filter.
        gemmF32(false, false, filtersPerGroup, outPlane, depth, 1.0f, filters, depth, image, inPlane, 0.0f,
                out, outPlane);
      } else {
        for (int64_t first = 0; first < outPlane; first += tile) {
          const int64_t count = std::min(tile, outPlane - first);
          im2colF32(image, channelsPerGroup, g, first, count, columns);
          gemmF32(false, false, filtersPerGroup, count, depth, 1.0f, filters, depth, columns, count,
                  0.0f, out + first, outPlane);
        }
      }
      addBias(bias ? bias + group * filtersPerGroup : nullptr, filtersPerGroup, outPlane, out);
    }
  }
}

void convTransposeF32(const ConvF32Params& p, const float* input, const float* weight, const float* bias,
                      float* output) {
  assert(validGrouping(p));
  const WindowGeometry& g = p.geometry;
  const int64_t channelsPerGroup = p.inputChannels / p.groups;
  const int64_t filtersPerGroup = p.outputChannels / p.groups;
  const int64_t inPlane = g.outputPlane();  // ConvTranspose reads the convolution's window positions
  const int64_t outPlane = g.inputPlane();  // and writes its image
  const int64_t rows = filtersPerGroup * g.kernelVolume();  // patch rows of one group's output
  if (p.batch == 0 || p.outputChannels == 0 || outPlane == 0) return;

  const bool pointwise = isPointwise(g);
  const int64_t tile = pointwise ? 0 : tileColumns(rows, inPlane);
  float* columns = pointwise ? nullptr : scratchFloats(rows * tile);
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t group = 0; group < p.groups; ++group) {
      const float* image = input + (n * p.inputChannels + group * channelsPerGroup) * inPlane;
      // Weights of this group: [C/G][M/G·kernel], read transposed.
      const float* filters = weight + group * channelsPerGroup * rows;
      float* out = output + (n * p.outputChannels + group * filtersPerGroup) * outPlane;
      if (pointwise) {
        gemmF32(true, false, filtersPerGroup, inPlane, channelsPerGroup, 1.0f, filters, rows, image, inPlane,
                0.0f, out, outPlane);
      } else {
        std::fill(out, out + filtersPerGroup * outPlane, 0.0f);
        for (int64_t first = 0; first < inPlane; first += tile) {
          const int64_t count = std::min(tile, inPlane - first);
          // columns = Wᵀ·x: every (output channel, tap) contribution of each input position.
          gemmF32(true, false, rows, count, channelsPerGroup, 1.0f, filters, rows, image + first, inPlane,
                  0.0f, columns, count);
          col2imAddF32(columns, filtersPerGroup, g, first, count, out);
        }
      }
      addBias(bias ? bias + group * filtersPerGroup : nullptr, filtersPerGroup, outPlane, out);
    }
  }
}

}  // namespace quantlens::kernels
