// Test support for the int8 kernels: random byte buffers and printable GEMM / convolution cases.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/conv_s8.h"
#include "tests/kernels/kernel_test_support.h"

namespace quantlens::kernels::testing {

// `count` values drawn uniformly from [low, high].
template <class T>
std::vector<T> randomIntegers(int64_t count, uint32_t seed, int low, int high) {
  std::mt19937 generator(seed);
  std::uniform_int_distribution<int> distribution(low, high);
  std::vector<T> values(static_cast<size_t>(count));
  for (T& v : values) v = static_cast<T>(distribution(generator));
  return values;
}

inline std::vector<uint8_t> randomU8(int64_t count, uint32_t seed) {
  return randomIntegers<uint8_t>(count, seed, 0, 255);
}
inline std::vector<int8_t> randomS8(int64_t count, uint32_t seed) {
  return randomIntegers<int8_t>(count, seed, -128, 127);
}

inline std::string describe(const ConvS8Params& p) {
  return "batch=" + std::to_string(p.batch) + " inputChannels=" + std::to_string(p.inputChannels) +
         " outputChannels=" + std::to_string(p.outputChannels) + " groups=" + std::to_string(p.groups) +
         " inputZeroPoint=" + std::to_string(p.inputZeroPoint) + " " + describe(p.geometry);
}

// Where two int32 buffers first differ, for failure messages; -1 when equal.
inline int64_t firstDifference(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  if (a.size() != b.size()) return 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return static_cast<int64_t>(i);
  return -1;
}

}  // namespace quantlens::kernels::testing
