// Depthwise convolution: register-accumulating 3×3 / 5×5 loops, row updates for other geometries.
#include "kernels/depthwise_conv_f32.h"

#include <algorithm>
#include <vector>

namespace quantlens::kernels {
namespace {

// The general path: each output row accumulates weight·(shifted input row) for every in-image tap,
// so the innermost loop is a bounds-check-free axpy.
void depthwiseRowUpdates(const float* image, const WindowGeometry& g, const float* weight, float bias,
                         float* out) {
  const int64_t inH = g.input[1], inW = g.input[2];
  const int64_t outW = g.output[2];
  const int64_t kW = g.kernel[2];
  const int64_t strideW = g.stride[2];
  std::vector<int64_t> xOffsets(static_cast<size_t>(kW));
  std::vector<ValidRange> xRanges(static_cast<size_t>(kW));
  for (size_t kw = 0; kw < xOffsets.size(); ++kw) {
    xOffsets[kw] = static_cast<int64_t>(kw) * g.dilation[2] - g.padBegin[2];
    xRanges[kw] = validRange(xOffsets[kw], strideW, inW, outW);
  }

  for (int64_t od = 0; od < g.output[0]; ++od) {
    for (int64_t oh = 0; oh < g.output[1]; ++oh) {
      float* outRow = out + (od * g.output[1] + oh) * outW;
      std::fill(outRow, outRow + outW, bias);
      for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
        const int64_t iz = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
        if (iz < 0 || iz >= g.input[0]) continue;
        for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
          const int64_t iy = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
          if (iy < 0 || iy >= inH) continue;
          const float* inRow = image + (iz * inH + iy) * inW;
          const float* taps = weight + (kd * g.kernel[1] + kh) * kW;
          for (size_t kw = 0; kw < xOffsets.size(); ++kw) {
            const float w = taps[kw];
            const ValidRange r = xRanges[kw];
            if (r.begin >= r.end) continue;
            const float* src = inRow + r.begin * strideW + xOffsets[kw];
            float* dst = outRow + r.begin;
            const int64_t n = r.end - r.begin;
            if (strideW == 1) {
              for (int64_t i = 0; i < n; ++i) dst[i] += w * src[i];
            } else {
              for (int64_t i = 0; i < n; ++i) dst[i] += w * src[i * strideW];
            }
          }
        }
      }
    }
  }
}

// 2-D K×K filters with horizontal stride S (any vertical one) and no dilation, i.e. MobileNet's
// 3×3 and EfficientNet's 5×5: each output keeps its sum in a register over all K² taps, one pass
// per output row. Only the few rows and columns whose windows overhang the image take the
// bounds-checked loop.
template <int K, int S>
void depthwiseFixed(const float* image, const WindowGeometry& g, const float* weight, float bias,
                    float* out) {
  const int64_t inH = g.input[1], inW = g.input[2];
  const int64_t outH = g.output[1], outW = g.output[2];
  const int64_t padTop = g.padBegin[1], padLeft = g.padBegin[2];
  float w[K * K];
  for (int i = 0; i < K * K; ++i) w[i] = weight[i];
  // Columns ox whose taps ox·S − padLeft + kw all lie in [0, inW).
  const ValidRange first = validRange(-padLeft, S, inW, outW);
  const ValidRange last = validRange(K - 1 - padLeft, S, inW, outW);
  const int64_t lo = std::max(first.begin, last.begin);
  const int64_t hi = std::max(lo, std::min(first.end, last.end));
  for (int64_t oh = 0; oh < outH; ++oh) {
    const float* rows[K];  // nullptr for rows in the padding
    bool allRows = true;
    for (int kh = 0; kh < K; ++kh) {
      const int64_t iy = oh * g.stride[1] - padTop + kh;
      const bool inside = iy >= 0 && iy < inH;
      rows[kh] = inside ? image + iy * inW : nullptr;
      allRows = allRows && inside;
    }
    float* outRow = out + oh * outW;
    auto edge = [&](int64_t ox) {
      float sum = bias;
      for (int kh = 0; kh < K; ++kh) {
        if (!rows[kh]) continue;
        for (int kw = 0; kw < K; ++kw) {
          const int64_t x = ox * S - padLeft + kw;
          if (x >= 0 && x < inW) sum += w[kh * K + kw] * rows[kh][x];
        }
      }
      outRow[ox] = sum;
    };
    if (!allRows) {
      for (int64_t ox = 0; ox < outW; ++ox) edge(ox);
      continue;
    }
    for (int64_t ox = 0; ox < lo; ++ox) edge(ox);
    for (int64_t ox = lo; ox < hi; ++ox) {
      const int64_t x = ox * S - padLeft;
      float sum = bias;
      for (int kh = 0; kh < K; ++kh)
        for (int kw = 0; kw < K; ++kw) sum += w[kh * K + kw] * rows[kh][x + kw];
      outRow[ox] = sum;
    }
    for (int64_t ox = hi; ox < outW; ++ox) edge(ox);
  }
}

}  // namespace

void depthwiseConvF32(const float* image, const WindowGeometry& g, const float* weight, float bias,
                      float* out) {
  const bool planar = g.input[0] == 1 && g.kernel[0] == 1 && g.output[0] == 1 && g.padBegin[0] == 0;
  const bool square = g.kernel[1] == g.kernel[2] && g.dilation[1] == 1 && g.dilation[2] == 1;
  const bool fixedStride = g.stride[2] == 1 || g.stride[2] == 2;  // any vertical stride works
  if (planar && square && fixedStride && (g.kernel[1] == 3 || g.kernel[1] == 5)) {
    const bool three = g.kernel[1] == 3, unit = g.stride[2] == 1;
    if (three && unit) return depthwiseFixed<3, 1>(image, g, weight, bias, out);
    if (three) return depthwiseFixed<3, 2>(image, g, weight, bias, out);
    if (unit) return depthwiseFixed<5, 1>(image, g, weight, bias, out);
    return depthwiseFixed<5, 2>(image, g, weight, bias, out);
  }
  depthwiseRowUpdates(image, g, weight, bias, out);
}

}  // namespace quantlens::kernels
