// ATen's CPU cascade summation order for float32 (see aten_float_sum.h for the algorithm).
#include "core/quant/aten_float_sum.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace quantlens {

namespace {

constexpr size_t kAvx2FloatLanes = 8;  // Vectorized<float>::size() in the AVX2 build
constexpr size_t kInterleave = 4;      // row_sum's ilp_factor
constexpr size_t kLevels = 4;          // multi_row_sum's num_levels

template <size_t Width>
using Lanes = std::array<float, Width>;

template <size_t Width>
void addLanes(Lanes<Width>& into, const float* values) {
  for (size_t i = 0; i < Width; ++i) into[i] += values[i];
}

template <size_t Width>
void addLanes(Lanes<Width>& into, const Lanes<Width>& values) {
  addLanes(into, values.data());
}

// ceil(log2(x)) for x > 2, 1 for x <= 2 (ATen's utils::CeilLog2).
int64_t ceilLog2(size_t x) {
  if (x <= 2) return 1;
  return static_cast<int64_t>(std::bit_width(x - 1));
}

// The cascade sum of `count` consecutive items of Width floats each (row_sum of aten_float_sum.h).
template <size_t Width>
Lanes<Width> cascadeSum(const float* data, size_t count) {
  const size_t rows = count / kInterleave;
  const int64_t levelPower = std::max<int64_t>(4, ceilLog2(rows) / static_cast<int64_t>(kLevels));
  const size_t levelStep = size_t{1} << levelPower;
  const size_t levelMask = levelStep - 1;
  std::array<std::array<Lanes<Width>, kInterleave>, kLevels> acc{};
  const auto addRow = [&](size_t row) {
    for (size_t k = 0; k < kInterleave; ++k) addLanes(acc[0][k], data + (row * kInterleave + k) * Width);
  };
  size_t row = 0;
  while (row + levelStep <= rows) {
    for (size_t j = 0; j < levelStep; ++j) addRow(row++);
    for (size_t level = 1; level < kLevels; ++level) {
      for (size_t k = 0; k < kInterleave; ++k) {
        addLanes(acc[level][k], acc[level - 1][k]);
        acc[level - 1][k] = {};
      }
      if ((row & (levelMask << (level * static_cast<size_t>(levelPower)))) != 0) break;
    }
  }
  for (; row < rows; ++row) addRow(row);
  for (size_t level = 1; level < kLevels; ++level)
    for (size_t k = 0; k < kInterleave; ++k) addLanes(acc[0][k], acc[level][k]);

  Lanes<Width> sum = acc[0][0];
  for (size_t item = rows * kInterleave; item < count; ++item) addLanes(sum, data + item * Width);
  for (size_t k = 1; k < kInterleave; ++k) addLanes(sum, acc[0][k]);
  return sum;
}

}  // namespace

float atenFloatSum(std::span<const float> values) {
  const size_t n = values.size();
  float sum = 0.0f;
  if (n >= kAvx2FloatLanes) {
    const size_t vectors = n / kAvx2FloatLanes;
    const Lanes<kAvx2FloatLanes> lanes = cascadeSum<kAvx2FloatLanes>(values.data(), vectors);
    for (size_t i = vectors * kAvx2FloatLanes; i < n; ++i) sum += values[i];
    for (const float lane : lanes) sum += lane;
  } else {
    sum = cascadeSum<1>(values.data(), n)[0];
  }
  return 0.0f + sum;  // the zero-filled output accumulates the result
}

}  // namespace quantlens
