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
    for (; i + 8 <= plane; i += 8) {
      // One vector: its 8 int16 lanes (4 per 128-bit half) pack to 8 bytes, in order after the permute.
      const __m256i a = _mm256_packs_epi32(roundLanes(in + i, multiplier, low, high), _mm256_setzero_si256());
      const __m256i az = _mm256_add_epi16(a, zeroPoint);
      const __m256i bytes = std::is_same_v<T, uint8_t> ? _mm256_packus_epi16(az, az) : _mm256_packs_epi16(az, az);
      const __m128i ordered = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(bytes, order));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + i), ordered);
    }
    for (; i < plane; ++i) dst[i] = static_cast<T>(requantizeOne(in[i], m, r.zeroPoint, r.outputMin, r.outputMax));
  }
}

// 16 values to 16 bytes in order: packs/packus work within 128-bit lanes, the permute regroups them.
inline __m128i requantize16(const int32_t* acc, __m256 multiplier, __m256 low, __m256 high, __m256i zeroPoint,
                            __m256i order) {
  const __m256i ab =
      _mm256_packs_epi32(roundLanes(acc, multiplier, low, high), roundLanes(acc + 8, multiplier, low, high));
  const __m256i abz = _mm256_add_epi16(ab, zeroPoint);
  return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(_mm256_packus_epi16(abz, abz), order));
}

}  // namespace

void requantizeRunsToU8Avx2(const int32_t* acc, int64_t channels, int64_t channelStride, int64_t runs,
                            int64_t runStride, int64_t width, const Requantization& r, uint8_t* out) {
  if (channels == 0 || runs == 0 || width == 0) return;
  const __m256 low = _mm256_set1_ps(static_cast<float>(r.outputMin - r.zeroPoint));
  const __m256 high = _mm256_set1_ps(static_cast<float>(r.outputMax - r.zeroPoint));
  const __m256i zeroPoint = _mm256_set1_epi16(static_cast<int16_t>(r.zeroPoint));
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  // The ends of what the call may read and write: a last partial step may run past its run up to them.
  const int32_t* accEnd = acc + (channels - 1) * channelStride + (runs - 1) * runStride + width;
  const uint8_t* outEnd = out + channels * runs * width;
  for (int64_t c = 0; c < channels; ++c) {
    const float m = r.multipliers[r.perChannel ? c : 0];
    const __m256 multiplier = _mm256_set1_ps(m);
    for (int64_t i = 0; i < runs; ++i) {
      const int32_t* src = acc + c * channelStride + i * runStride;
      uint8_t* dst = out + (c * runs + i) * width;
      int64_t x = 0;
      auto step = [&] {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x),
                         requantize16(src + x, multiplier, low, high, zeroPoint, order));
      };
      for (; x + 16 <= width; x += 16) step();
      if (x == width) continue;
      if (src + x + 16 <= accEnd && dst + x + 16 <= outEnd) {
        step();
        continue;
      }
      for (; x < width; ++x)
        dst[x] = static_cast<uint8_t>(requantizeOne(src[x], m, r.zeroPoint, r.outputMin, r.outputMax));
    }
  }
}

void requantizeToU8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, uint8_t* out) {
  requantizeAvx2(acc, channels, plane, r, out);
}

void requantizeToS8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, int8_t* out) {
  requantizeAvx2(acc, channels, plane, r, out);
}

}  // namespace quantlens::kernels
