// The scalar requantization formulas, shared by reference loops and the AVX2 kernels' tails.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

// Internal linkage on purpose: this header is included by files built for baseline x86-64 and by
// files built with -mavx2, and an inline function with external linkage would be merged into one
// copy by the linker, which might be the AVX2 one.
namespace quantlens::kernels {
namespace {

// clamp(nearbyint(v) + zeroPoint, min, max), clamping v first (as MLAS does) so the conversion never
// overflows; clamping before or after rounding agrees because the bounds are integers.
inline int32_t roundToRange(float v, int32_t zeroPoint, int32_t outputMin, int32_t outputMax) {
  v = std::min(std::max(v, static_cast<float>(outputMin - zeroPoint)), static_cast<float>(outputMax - zeroPoint));
  return static_cast<int32_t>(std::nearbyint(v)) + zeroPoint;
}

inline int32_t requantizeOne(int32_t acc, float multiplier, int32_t zeroPoint, int32_t outputMin, int32_t outputMax) {
  return roundToRange(static_cast<float>(acc) * multiplier, zeroPoint, outputMin, outputMax);
}

}  // namespace
}  // namespace quantlens::kernels
