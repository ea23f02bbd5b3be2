// AVX2 quantized add: widen 8 bytes to int32, dequantize-add in float (mul, mul, add), round, pack.
#include "kernels/x86/quantized_add_avx2.h"

#include <immintrin.h>

#include <cstring>
#include <type_traits>

#include "kernels/requantize_one.h"

namespace quantlens::kernels {
namespace {

template <class T>
inline __m256i widen(const T* p) {
  int64_t bytes;
  std::memcpy(&bytes, p, sizeof bytes);
  const __m128i v = _mm_cvtsi64_si128(bytes);
  return std::is_same_v<T, uint8_t> ? _mm256_cvtepu8_epi32(v) : _mm256_cvtepi8_epi32(v);
}

template <class T>
void addAvx2(const T* a, const T* b, int64_t count, const QuantizedAdd& q, T* out) {
  const __m256i aZp = _mm256_set1_epi32(q.aZeroPoint), bZp = _mm256_set1_epi32(q.bZeroPoint);
  const __m256 aM = _mm256_set1_ps(q.aMultiplier), bM = _mm256_set1_ps(q.bMultiplier);
  const __m256 low = _mm256_set1_ps(static_cast<float>(q.outputMin - q.zeroPoint));
  const __m256 high = _mm256_set1_ps(static_cast<float>(q.outputMax - q.zeroPoint));
  const __m256i zp = _mm256_set1_epi32(q.zeroPoint);
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256 va = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_sub_epi32(widen(a + i), aZp)), aM);
    const __m256 vb = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_sub_epi32(widen(b + i), bZp)), bM);
    const __m256 sum = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(va, vb), low), high);
    const __m256i q32 = _mm256_add_epi32(_mm256_cvtps_epi32(sum), zp);  // within the output type's range
    const __m128i q16 = _mm_packs_epi32(_mm256_castsi256_si128(q32), _mm256_extracti128_si256(q32, 1));
    const __m128i q8 = std::is_same_v<T, uint8_t> ? _mm_packus_epi16(q16, q16) : _mm_packs_epi16(q16, q16);
    const int64_t bytes = _mm_cvtsi128_si64(q8);
    std::memcpy(out + i, &bytes, sizeof bytes);
  }
  for (; i < count; ++i) {
    const float va = static_cast<float>(a[i] - q.aZeroPoint) * q.aMultiplier;
    const float vb = static_cast<float>(b[i] - q.bZeroPoint) * q.bMultiplier;
    out[i] = static_cast<T>(roundToRange(va + vb, q.zeroPoint, q.outputMin, q.outputMax));
  }
}

}  // namespace

void addU8Avx2(const uint8_t* a, const uint8_t* b, int64_t count, const QuantizedAdd& q, uint8_t* out) {
  addAvx2(a, b, count, q, out);
}

void addS8Avx2(const int8_t* a, const int8_t* b, int64_t count, const QuantizedAdd& q, int8_t* out) {
  addAvx2(a, b, count, q, out);
}

}  // namespace quantlens::kernels
