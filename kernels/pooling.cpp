// Pooling loops that find each window's in-image taps up front, so the tap loops carry no checks.
#include "kernels/pooling.h"

#include <cstddef>
#include <limits>
#include <vector>

#include "kernels/pooling_max_interior.h"

namespace quantlens::kernels {
namespace {

// Taps k in [begin, end) of a window starting at `start` that land in [0, extent).
ValidRange tapsInside(int64_t start, int64_t dilation, int64_t extent, int64_t kernel) {
  return validRange(start, dilation, extent, kernel);
}

// Window positions o along `axis` whose every tap lies in the image:
// o·stride − padBegin ≥ 0 and o·stride − padBegin + (kernel − 1)·dilation ≤ input − 1.
ValidRange windowsInside(const WindowGeometry& g, std::size_t axis) {
  const int64_t span = (g.kernel[axis] - 1) * g.dilation[axis];
  return validRange(-g.padBegin[axis], g.stride[axis], g.input[axis] - span, g.output[axis]);
}

// Without indices, the windows wholly inside the image go to maxPoolInterior (vector max over
// adjacent outputs, same results bit for bit); borders and index tracking take the loop below.
template <class T, class Interior>
void maxPool(const T* input, int64_t planes, const WindowGeometry& g, T* output, int64_t* indices,
             bool columnMajor, Interior interior) {
  const int64_t inD = g.input[0], inH = g.input[1], inW = g.input[2];
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane();
  const ValidRange zIn = windowsInside(g, 0), yIn = windowsInside(g, 1), xIn = windowsInside(g, 2);
  const bool fast = indices == nullptr && xIn.begin < xIn.end;
  std::vector<int64_t> rowOffsets;  // from a window's first kernel row to each, (kd, kh) row-major
  for (int64_t kd = 0; fast && kd < g.kernel[0]; ++kd)
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
      rowOffsets.push_back((kd * g.dilation[0] * inH + kh * g.dilation[1]) * inW);
  const InteriorMaxWindows windows{rowOffsets.data(), static_cast<int64_t>(rowOffsets.size()), g.kernel[2],
                                   g.stride[2], g.dilation[2]};
  const T* inputEnd = input + planes * inPlane;
  for (int64_t p = 0; p < planes; ++p) {
    const T* image = input + p * inPlane;
    int64_t o = p * outPlane;
    for (int64_t od = 0; od < g.output[0]; ++od) {
      const int64_t z0 = od * g.stride[0] - g.padBegin[0];
      const ValidRange zs = tapsInside(z0, g.dilation[0], inD, g.kernel[0]);
      for (int64_t oh = 0; oh < g.output[1]; ++oh) {
        const int64_t y0 = oh * g.stride[1] - g.padBegin[1];
        const ValidRange ys = tapsInside(y0, g.dilation[1], inH, g.kernel[1]);
        const bool rowInside = fast && od >= zIn.begin && od < zIn.end && oh >= yIn.begin && oh < yIn.end;
        for (int64_t ow = 0; ow < g.output[2]; ++ow, ++o) {
          const int64_t x0 = ow * g.stride[2] - g.padBegin[2];
          if (rowInside && ow == xIn.begin) {
            const int64_t count = xIn.end - xIn.begin;
            interior(image + (z0 * inH + y0) * inW + x0, windows, count, inputEnd, output + o);
            ow += count - 1;
            o += count - 1;
            continue;
          }
          const ValidRange xs = tapsInside(x0, g.dilation[2], inW, g.kernel[2]);
          T best = std::numeric_limits<T>::lowest();
          int64_t bestAt = -1;
          for (int64_t kd = zs.begin; kd < zs.end; ++kd) {
            const int64_t z = z0 + kd * g.dilation[0];
            for (int64_t kh = ys.begin; kh < ys.end; ++kh) {
              const int64_t y = y0 + kh * g.dilation[1];
              const T* row = image + (z * inH + y) * inW;
              for (int64_t kw = xs.begin; kw < xs.end; ++kw) {
                const int64_t x = x0 + kw * g.dilation[2];
                // The first in-image tap always enters, so NaN-only windows give NaN.
                if (bestAt < 0 || row[x] > best) {
                  best = row[x];
                  bestAt = (z * inH + y) * inW + x;
                }
              }
            }
          }
          output[o] = best;
          if (indices) {
            if (bestAt < 0) {
              indices[o] = -1;
            } else if (columnMajor) {
              const int64_t x = bestAt % inW, y = (bestAt / inW) % inH, z = bestAt / (inW * inH);
              indices[o] = p * inPlane + z + y * inD + x * inD * inH;
            } else {
              indices[o] = p * inPlane + bestAt;
            }
          }
        }
      }
    }
  }
}

}  // namespace

void maxPoolF32(const float* input, int64_t planes, const WindowGeometry& g, float* output, int64_t* indices,
                bool columnMajor) {
  maxPool(input, planes, g, output, indices, columnMajor, maxPoolInteriorF32);
}

void maxPoolU8(const uint8_t* input, int64_t planes, const WindowGeometry& g, uint8_t* output,
               int64_t* indices, bool columnMajor) {
  maxPool(input, planes, g, output, indices, columnMajor, maxPoolInteriorU8);
}

void maxPoolS8(const int8_t* input, int64_t planes, const WindowGeometry& g, int8_t* output, int64_t* indices,
               bool columnMajor) {
  maxPool(input, planes, g, output, indices, columnMajor, maxPoolInteriorS8);
}

void averagePoolF32(const float* input, int64_t planes, const WindowGeometry& g, bool countIncludePad,
                    float* output) {
  const int64_t inH = g.input[1], inW = g.input[2];
  const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane();
  // The padded image spans [−padBegin, input + padEnd) along each axis.
  Extents3 padded;
  for (std::size_t a = 0; a < padded.size(); ++a) padded[a] = g.padBegin[a] + g.input[a] + g.padEnd[a];
  for (int64_t p = 0; p < planes; ++p) {
    const float* image = input + p * inPlane;
    float* out = output + p * outPlane;
    for (int64_t od = 0; od < g.output[0]; ++od) {
      const int64_t z0 = od * g.stride[0] - g.padBegin[0];
      const ValidRange zs = tapsInside(z0, g.dilation[0], g.input[0], g.kernel[0]);
      const ValidRange zp = tapsInside(z0 + g.padBegin[0], g.dilation[0], padded[0], g.kernel[0]);
      for (int64_t oh = 0; oh < g.output[1]; ++oh) {
        const int64_t y0 = oh * g.stride[1] - g.padBegin[1];
        const ValidRange ys = tapsInside(y0, g.dilation[1], inH, g.kernel[1]);
        const ValidRange yp = tapsInside(y0 + g.padBegin[1], g.dilation[1], padded[1], g.kernel[1]);
        for (int64_t ow = 0; ow < g.output[2]; ++ow) {
          const int64_t x0 = ow * g.stride[2] - g.padBegin[2];
          const ValidRange xs = tapsInside(x0, g.dilation[2], inW, g.kernel[2]);
          float sum = 0.0f;
          for (int64_t kd = zs.begin; kd < zs.end; ++kd) {
            const int64_t z = z0 + kd * g.dilation[0];
            for (int64_t kh = ys.begin; kh < ys.end; ++kh) {
              const float* row = image + (z * inH + y0 + kh * g.dilation[1]) * inW;
              for (int64_t kw = xs.begin; kw < xs.end; ++kw) sum += row[x0 + kw * g.dilation[2]];
            }
          }
          int64_t count;
          if (countIncludePad) {
            const ValidRange xp = tapsInside(x0 + g.padBegin[2], g.dilation[2], padded[2], g.kernel[2]);
            count = (zp.end - zp.begin) * (yp.end - yp.begin) * (xp.end - xp.begin);
          } else {
            count = (zs.end - zs.begin) * (ys.end - ys.begin) * (xs.end - xs.begin);
          }
          out[(od * g.output[1] + oh) * g.output[2] + ow] =
              count > 0 ? sum / static_cast<float>(count) : std::numeric_limits<float>::quiet_NaN();
        }
      }
    }
  }
}

}  // namespace quantlens::kernels
