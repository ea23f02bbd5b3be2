// Requantization: reference loops and the dispatch to the AVX2 kernel.
#include "kernels/requantize.h"

#include <cassert>

#include "kernels/cpu_features.h"
#include "kernels/requantize_one.h"
#include "kernels/x86/requantize_avx2.h"

namespace quantlens::kernels {
namespace {

template <class T>
void requantizeReference(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, T* out) {
  for (int64_t c = 0; c < channels; ++c) {
    const float multiplier = r.multipliers[r.perChannel ? c : 0];
    for (int64_t i = 0; i < plane; ++i)
      out[c * plane + i] =
          static_cast<T>(requantizeOne(acc[c * plane + i], multiplier, r.zeroPoint, r.outputMin, r.outputMax));
  }
}

}  // namespace

float requantizationMultiplier(float inputScale, float weightScale, float outputScale) {
  const float product = inputScale * weightScale;
  return product / outputScale;
}

void requantizeToU8Reference(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r,
                             uint8_t* out) {
  requantizeReference(acc, channels, plane, r, out);
}

void requantizeToS8Reference(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r,
                             int8_t* out) {
  requantizeReference(acc, channels, plane, r, out);
}

void requantizeRunsToU8Reference(const int32_t* acc, int64_t channels, int64_t channelStride, int64_t runs,
                                 int64_t runStride, int64_t width, const Requantization& r, uint8_t* out) {
  for (int64_t c = 0; c < channels; ++c) {
    const float multiplier = r.multipliers[r.perChannel ? c : 0];
    for (int64_t i = 0; i < runs; ++i)
      for (int64_t x = 0; x < width; ++x)
        out[(c * runs + i) * width + x] = static_cast<uint8_t>(requantizeOne(
            acc[c * channelStride + i * runStride + x], multiplier, r.zeroPoint, r.outputMin, r.outputMax));
  }
}

void requantizeRunsToU8(const int32_t* acc, int64_t channels, int64_t channelStride, int64_t runs, int64_t runStride,
                        int64_t width, const Requantization& r, uint8_t* out) {
  assert(r.multipliers && 0 <= r.outputMin && r.outputMin <= r.outputMax && r.outputMax <= 255);
  if (activeKernelIsa() == KernelIsa::Avx2)
    requantizeRunsToU8Avx2(acc, channels, channelStride, runs, runStride, width, r, out);
  else
    requantizeRunsToU8Reference(acc, channels, channelStride, runs, runStride, width, r, out);
}

void requantizeToU8(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, uint8_t* out) {
  // The operator derives the range from the output type: one outside it is a bug (the AVX2 path packs
  // with saturation, the reference casts).
  assert(r.multipliers && 0 <= r.outputMin && r.outputMin <= r.outputMax && r.outputMax <= 255);
  if (activeKernelIsa() == KernelIsa::Avx2)
    requantizeToU8Avx2(acc, channels, plane, r, out);
  else
    requantizeToU8Reference(acc, channels, plane, r, out);
}

void requantizeToS8(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, int8_t* out) {
  assert(r.multipliers && -128 <= r.outputMin && r.outputMin <= r.outputMax && r.outputMax <= 127);
  if (activeKernelIsa() == KernelIsa::Avx2)
    requantizeToS8Avx2(acc, channels, plane, r, out);
  else
    requantizeToS8Reference(acc, channels, plane, r, out);
}

}  // namespace quantlens::kernels
