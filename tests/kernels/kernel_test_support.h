// Test support for the kernels: geometries from plain parameters, random buffers, printable cases.
#pragma once

#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/window_geometry.h"

namespace quantlens::kernels::testing {

inline std::vector<float> randomValues(int64_t count, uint32_t seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> distribution(-1.0f, 1.0f);
  std::vector<float> values(static_cast<size_t>(count));
  for (float& v : values) v = distribution(generator);
  return values;
}

// A sliding-window geometry with out = (in + pads − ((k − 1)·d + 1)) / s + 1 along each axis.
inline WindowGeometry makeGeometry(Extents3 input, Extents3 kernel, Extents3 stride, Extents3 dilation,
                                   Extents3 padBegin, Extents3 padEnd) {
  WindowGeometry g;
  g.input = input;
  g.kernel = kernel;
  g.stride = stride;
  g.dilation = dilation;
  g.padBegin = padBegin;
  g.padEnd = padEnd;
  for (size_t a = 0; a < 3; ++a)
    g.output[a] = (input[a] + padBegin[a] + padEnd[a] - ((kernel[a] - 1) * dilation[a] + 1)) / stride[a] + 1;
  return g;
}

inline bool fits(const WindowGeometry& g) {
  for (size_t a = 0; a < 3; ++a)
    if (g.input[a] + g.padBegin[a] + g.padEnd[a] < (g.kernel[a] - 1) * g.dilation[a] + 1) return false;
  return true;
}

inline std::string describe(const WindowGeometry& g) {
  auto list = [](const Extents3& e) {
    return "[" + std::to_string(e[0]) + ", " + std::to_string(e[1]) + ", " + std::to_string(e[2]) + "]";
  };
  return "input=" + list(g.input) + " output=" + list(g.output) + " kernel=" + list(g.kernel) +
         " stride=" + list(g.stride) + " dilation=" + list(g.dilation) + " padBegin=" + list(g.padBegin) +
         " padEnd=" + list(g.padEnd);
}

// Sliding-window geometries over 1-D, 2-D and 3-D images: every kernel, stride, dilation and
// padding combination of a small grid (windows that do not fit are left out).
inline std::vector<WindowGeometry> sweptGeometries() {
  std::vector<WindowGeometry> geometries;
  for (int64_t k : {1, 2, 3, 5})
    for (int64_t s : {1, 2, 3})
      for (int64_t d : {1, 2})
        for (int64_t pb : {0, 1, 2})
          for (int64_t pe : {0, 1}) {
            geometries.push_back(
                makeGeometry({1, 7, 9}, {1, k, k}, {1, s, s}, {1, d, d}, {0, pb, pb}, {0, pe, pe}));
            geometries.push_back(
                makeGeometry({1, 1, 11}, {1, 1, k}, {1, 1, s}, {1, 1, d}, {0, 0, pb}, {0, 0, pe}));
          }
  geometries.push_back(makeGeometry({4, 5, 6}, {2, 3, 2}, {1, 2, 1}, {2, 1, 1}, {1, 1, 0}, {0, 1, 1}));
  geometries.push_back(makeGeometry({3, 4, 5}, {3, 3, 3}, {2, 1, 2}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}));
  std::vector<WindowGeometry> fitting;
  for (const WindowGeometry& g : geometries)
    if (fits(g)) fitting.push_back(g);
  return fitting;
}

}  // namespace quantlens::kernels::testing
