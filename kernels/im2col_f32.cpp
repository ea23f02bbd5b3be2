// im2col / col2im: per patch row, whole output rows (2-D) or output-row segments; copies with precomputed pad ends.
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

// A 2-D window over whole output rows, the usual case (the tile is the whole plane unless the
// patch matrix would outgrow its scratch): each patch row is filled output row by output row with
// the pad ends and the image rows worked out once per patch row, not once per segment.
bool isWholeRows2d(const WindowGeometry& g, int64_t firstColumn, int64_t columnCount) {
  const int64_t outW = g.output[2];
  return g.input[0] == 1 && g.output[0] == 1 && g.kernel[0] == 1 && firstColumn % outW == 0 &&
         columnCount % outW == 0;
}

void im2colWholeRows2d(const float* image, int64_t channels, const WindowGeometry& g, int64_t firstColumn,
                       int64_t columnCount, float* columns) {
  const int64_t inH = g.input[1], inW = g.input[2], outW = g.output[2];
  const int64_t strideH = g.stride[1], strideW = g.stride[2];
  const int64_t firstRow = firstColumn / outW, rowCount = columnCount / outW;
  // Stride 1 with as many positions per row as image columns ("same" padding, the common 3×3 and
  // 5×5 convolution): patch and image rows have the same pitch, so the valid part of a patch row
  // is one block copy of the image shifted by the tap, and only the cells that block wraps into
  // at the row ends need zeroing. Row-by-row copies of 7 to 56 floats cost several times more.
  const bool shift = strideH == 1 && strideW == 1 && outW == inW;
  int64_t row = 0;
  for (int64_t c = 0; c < channels; ++c) {
    const float* plane = image + c * inH * inW;
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
      const int64_t yOffset = kh * g.dilation[1] - g.padBegin[1];
      // Tile rows oh reading image row (firstRow + oh)·strideH + yOffset inside the image.
      const ValidRange y = validRange(firstRow * strideH + yOffset, strideH, inH, rowCount);
      for (int64_t kw = 0; kw < g.kernel[2]; ++kw, ++row) {
        const int64_t xOffset = kw * g.dilation[2] - g.padBegin[2];
        const ValidRange x = validRange(xOffset, strideW, inW, outW);
        float* dst = columns + row * columnCount;
        if (x.begin == x.end || y.begin == y.end) {
          std::fill(dst, dst + columnCount, 0.0f);
          continue;
        }
        std::fill(dst, dst + y.begin * outW, 0.0f);
        std::fill(dst + y.end * outW, dst + columnCount, 0.0f);
        // Position (oh, ow) reads image cell iy·inW + ow·strideW + xOffset.
        const float* src = plane + ((firstRow + y.begin) * strideH + yOffset) * inW + xOffset;
        if (shift) {
          // From cell x.begin of the first valid row to cell x.end − 1 of the last: inside the image.
          std::memcpy(dst + y.begin * outW + x.begin, src + x.begin,
                      static_cast<size_t>((y.end - y.begin - 1) * outW + x.end - x.begin) * sizeof(float));
        }
        for (int64_t oh = y.begin; oh < y.end; ++oh, src += strideH * inW) {
          float* line = dst + oh * outW;
          std::fill(line, line + x.begin, 0.0f);
          std::fill(line + x.end, line + outW, 0.0f);
          if (shift) continue;
          const int64_t n = x.end - x.begin;
          const float* from = src + x.begin * strideW;
          float* to = line + x.begin;
          if (strideW == 1) {
            std::memcpy(to, from, static_cast<size_t>(n) * sizeof(float));
          } else if (strideW == 2) {
            for (int64_t i = 0; i < n; ++i) to[i] = from[2 * i];  // a constant stride vectorizes
          } else {
            for (int64_t i = 0; i < n; ++i) to[i] = from[i * strideW];
          }
        }
      }
    }
  }
}

}  // namespace

void im2colF32(const float* image, int64_t channels, const WindowGeometry& g, int64_t firstColumn,
               int64_t columnCount, float* columns) {
  if (isWholeRows2d(g, firstColumn, columnCount)) {
    im2colWholeRows2d(image, channels, g, firstColumn, columnCount, columns);
    return;
  }
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
