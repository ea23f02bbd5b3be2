// Max pooling geometries that exercise the interior fast path: interior runs longer than one AVX2
// vector (8 floats, 32 bytes) and shorter, borders on every side, and ceil_mode overhangs.
#pragma once

#include <cstdint>
#include <vector>

#include "tests/kernels/kernel_test_support.h"

namespace quantlens::kernels::testing {

// One spatial axis as ONNX MaxPool sizes it with pads p on both sides:
// out = floor-or-ceil((in + 2p − ((k − 1)·d + 1)) / s) + 1, less one under ceil_mode when the last
// window would start in the end padding. 0 when the window does not fit.
inline int64_t pooledExtent(int64_t in, int64_t k, int64_t s, int64_t d, int64_t p, bool ceilMode) {
  const int64_t span = in + 2 * p - ((k - 1) * d + 1);
  if (span < 0) return 0;
  int64_t out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
  if (ceilMode && (out - 1) * s >= in + p) --out;
  return out;
}

// 2-D windows: kernel 2/3, stride 1/2, dilation 1/2, pads 0/1, ceil_mode off/on, over odd and even
// images from 5 × 9 to 6 × 131; plus 3-D and 1-D windows.
inline std::vector<WindowGeometry> sweptMaxPoolGeometries() {
  std::vector<WindowGeometry> geometries;
  auto add = [&](Extents3 input, Extents3 k, Extents3 s, Extents3 d, Extents3 p, bool ceilMode) {
    WindowGeometry g = makeGeometry(input, k, s, d, p, p);
    for (size_t a = 0; a < 3; ++a) {
      g.output[a] = pooledExtent(input[a], k[a], s[a], d[a], p[a], ceilMode);
      if (g.output[a] == 0) return;
      // ceil_mode's last window may pass the end padding; the kernels only read padEnd to average.
    }
    geometries.push_back(g);
  };
  for (const Extents3& input : {Extents3{1, 5, 9}, Extents3{1, 7, 40}, Extents3{1, 6, 67}, Extents3{1, 5, 131}})
    for (int64_t k : {2, 3})
      for (int64_t s : {1, 2})
        for (int64_t d : {1, 2})
          for (int64_t p : {0, 1})
            for (bool ceilMode : {false, true})
              add(input, {1, k, k}, {1, s, s}, {1, d, d}, {0, p, p}, ceilMode);
  add({4, 5, 70}, {2, 3, 3}, {1, 2, 2}, {2, 1, 1}, {1, 1, 1}, false);
  add({3, 6, 45}, {3, 2, 3}, {2, 1, 1}, {1, 1, 2}, {0, 1, 0}, true);
  add({1, 1, 100}, {1, 1, 3}, {1, 1, 2}, {1, 1, 1}, {0, 0, 1}, true);
  add({1, 1, 100}, {1, 1, 3}, {1, 1, 3}, {1, 1, 1}, {0, 0, 1}, false);  // stride 3: scalar interior
  return geometries;
}

// Every tap of every window in row-major order, best = tap > best ? tap : best from the first
// in-image tap: the semantics maxPool* document (first maximum wins, a NaN only as first tap).
template <class T>
std::vector<T> maxPoolDirectly(const std::vector<T>& input, int64_t planes, const WindowGeometry& g) {
  std::vector<T> output;
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t od = 0; od < g.output[0]; ++od)
      for (int64_t oh = 0; oh < g.output[1]; ++oh)
        for (int64_t ow = 0; ow < g.output[2]; ++ow) {
          bool any = false;
          T best{};
          for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
            for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
              for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                const int64_t z = od * g.stride[0] - g.padBegin[0] + kd * g.dilation[0];
                const int64_t y = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
                const int64_t x = ow * g.stride[2] - g.padBegin[2] + kw * g.dilation[2];
                if (z < 0 || z >= g.input[0] || y < 0 || y >= g.input[1] || x < 0 || x >= g.input[2]) continue;
                const T v = input[static_cast<size_t>(p * g.inputPlane() + (z * g.input[1] + y) * g.input[2] + x)];
                if (!any || v > best) best = v;
                any = true;
              }
          output.push_back(best);
        }
  return output;
}

}  // namespace quantlens::kernels::testing
