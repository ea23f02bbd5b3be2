// im2col / col2im one output-row segment at a time: inner loops are copies with precomputed pad ends.
#include "kernels/im2col_f32.h"

#include <algorithm>
#include <cstring>

namespace quantlens::kernels {
namespace {

// Visits, for every patch row, each run of window positions that share (od, oh): calls
// segment(row, inputRow or nullptr when that image row is padding, xOffset, xRange, ow0, ow1, column0)
// where positions ow in [ow0, ow1) map to columns column0 + (ow − ow0).
template <class Segment>
void forEachSegment(int64_t channels, const WindowGeometry& g, int64_t firstColumn, int64_t columnCount,
                    Segment&& segment) {
  const int64_t outH = g.output[1], outW = g.output[2];
  const int64_t firstOw = firstColumn % outW;
  const int64_t firstOh = (firstColumn / outW) % outH;
  const int64_t firstOd = firstColumn / (outW * outH);
  int64_t row = 0;
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
      const int64_t zOffset = kd * g.dilation[0] - g.padBegin[0];
      for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
        const int64_t yOffset = kh * g.dilation[1] - g.padBegin[1];
        for (int64_t kw = 0; kw < g.kernel[2]; ++kw, ++row) {
          const int64_t xOffset = kw * g.dilation[2] - g.padBegin[2];
          const ValidRange xRange = validRange(xOffset, g.stride[2], g.input[2], outW);
          int64_t od = firstOd, oh = firstOh, ow = firstOw;
          for (int64_t done = 0; done < columnCount;) {
            const int64_t length = std::min(columnCount - done, outW - ow);
            const int64_t iz = od * g.stride[0] + zOffset;
            const int64_t iy = oh * g.stride[1] + yOffset;
            const bool inside = iz >= 0 && iz < g.input[0] && iy >= 0 && iy < g.input[1];
            const int64_t rowStart = ((c * g.input[0] + iz) * g.input[1] + iy) * g.input[2];
            segment(row, inside ? rowStart : -1, xOffset, xRange, ow, ow + length, done);
            done += length;
            ow = 0;
            if (++oh == outH) {
              oh = 0;
              ++od;
            }
          }
        }
      }
    }
  }
}

}  // namespace

void im2colF32(const float* image, int64_t channels, const WindowGeometry& g, int64_t firstColumn,
               int64_t columnCount, float* columns) {
  const int64_t strideW = g.stride[2];
  forEachSegment(channels, g, firstColumn, columnCount,
                 [&](int64_t row, int64_t rowStart, int64_t xOffset, ValidRange xRange, int64_t ow0,
                     int64_t ow1, int64_t column0) {
                   float* dst = columns + row * columnCount + column0;  // dst[ow − ow0]
                   if (rowStart < 0) {
                     std::fill(dst, dst + (ow1 - ow0), 0.0f);
                     return;
                   }
                   const int64_t lo = std::clamp(xRange.begin, ow0, ow1);
                   const int64_t hi = std::clamp(xRange.end, lo, ow1);
                   std::fill(dst, dst + (lo - ow0), 0.0f);
                   if (lo < hi) {
                     // Position ow reads image cell rowStart + xOffset + ow·strideW.
                     const float* src = image + rowStart + xOffset + lo * strideW;
                     float* out = dst + (lo - ow0);
                     if (strideW == 1) {
                       std::memcpy(out, src, static_cast<size_t>(hi - lo) * sizeof(float));
                     } else {
                       for (int64_t i = 0; i < hi - lo; ++i) out[i] = src[i * strideW];
                     }
                   }
                   std::fill(dst + (hi - ow0), dst + (ow1 - ow0), 0.0f);
                 });
}

void col2imAddF32(const float* columns, int64_t channels, const WindowGeometry& g, int64_t firstColumn,
                  int64_t columnCount, float* image) {
  const int64_t strideW = g.stride[2];
  forEachSegment(channels, g, firstColumn, columnCount,
                 [&](int64_t row, int64_t rowStart, int64_t xOffset, ValidRange xRange, int64_t ow0,
                     int64_t ow1, int64_t column0) {
                   if (rowStart < 0) return;
                   const int64_t lo = std::clamp(xRange.begin, ow0, ow1);
                   const int64_t hi = std::clamp(xRange.end, lo, ow1);
                   if (lo >= hi) return;
                   const float* src = columns + row * columnCount + column0 + (lo - ow0);
                   float* dst = image + rowStart + xOffset + lo * strideW;
                   if (strideW == 1) {
                     for (int64_t i = 0; i < hi - lo; ++i) dst[i] += src[i];
                   } else {
                     for (int64_t i = 0; i < hi - lo; ++i) dst[i * strideW] += src[i];
                   }
                 });
}

}  // namespace quantlens::kernels
