// AVX2 requantization: the float formula of kernels/requantize_one.h on 8 lanes, packed with saturation.
#include "kernels/x86/requantize_avx2.h"

#include <immintrin.h>

#include <type_traits>

#include "kernels/requantize_one.h"

namespace quantlens::kernels {
namespace {

// nearbyint(clamp(float(acc)·m)) on 8 lanes; cvtps2dq rounds in the MXCSR mode, half to even by default.
inline __m256i roundLanes(const int32_t* acc, __m256 multiplier, __m256 low, __m256 high) {
  const __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc))),
                                 multiplier);
  return _mm256_cvtps_epi32(_mm256_min_ps(_mm256_max_ps(v, low), high));
}

template <class T>
void requantizeAvx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, T* out) {
  const __m256 low = _mm256_set1_ps(static_cast<float>(r.outputMin - r.zeroPoint));
  const __m256 high = _mm256_set1_ps(static_cast<float>(r.outputMax - r.zeroPoint));
  const __m256i zeroPoint = _mm256_set1_epi16(static_cast<int16_t>(r.zeroPoint));
  // packs/packus interleave 128-bit lanes; this puts the 4-lane groups back in order.
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  for (int64_t c = 0; c < channels; ++c) {
    const float m = r.multipliers[r.perChannel ? c : 0];
    const __m256 multiplier = _mm256_set1_ps(m);
    const int32_t* in = acc + c * plane;
    T* dst = out + c * plane;
    int64_t i = 0;
    for (; i + 32 <= plane; i += 32) {
      // The rounded values lie in [outputMin − zp, outputMax − zp]: int16 holds them and the zero point.
      const __m256i ab = _mm256_packs_epi32(roundLanes(in + i, multiplier, low, high),
                                            roundLanes(in + i + 8, multiplier, low, high));
      const __m256i cd = _mm256_packs_epi32(roundLanes(in + i + 16, multiplier, low, high),
                                            roundLanes(in + i + 24, multiplier, low, high));
      const __m256i abz = _mm256_add_epi16(ab, zeroPoint), cdz = _mm256_add_epi16(cd, zeroPoint);
      const __m256i bytes = std::is_same_v<T, uint8_t> ? _mm256_packus_epi16(abz, cdz) : _mm256_packs_epi16(abz, cdz);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_permutevar8x32_epi32(bytes, order));
    }
    for (; i < plane; ++i) dst[i] = static_cast<T>(requantizeOne(in[i], m, r.zeroPoint, r.outputMin, r.outputMax));
  }
}

}  // namespace

void requantizeToU8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, uint8_t* out) {
  requantizeAvx2(acc, channels, plane, r, out);
}

void requantizeToS8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, int8_t* out) {
  requantizeAvx2(acc, channels, plane, r, out);
}

}  // namespace quantlens::kernels
