// AVX2 max over interior pooling windows: one vector holds the running max of 8 or 32 adjacent outputs.
#include "kernels/pooling_max_interior.h"

#include <immintrin.h>

namespace quantlens::kernels {
namespace {

// _mm256_max_ps(a, b) is a > b ? a : b lane by lane (b when either is NaN), so max(tap, best)
// repeats the scalar loop's best = tap > best ? tap : best bit for bit.
struct F32Lanes {
  using T = float;
  using V = __m256;
  static constexpr int64_t kLanes = 8;
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  // p[0], p[2], …, p[14] (reads p[0..15]): in-lane shuffle to a0 a2 b0 b2 | a4 a6 b4 b6, then
  // reorder the 64-bit pairs to a0 a2 a4 a6 b0 b2 b4 b6.
  static V loadEven(const T* p) {
    const __m256 pairs = _mm256_shuffle_ps(_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8), _MM_SHUFFLE(2, 0, 2, 0));
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(pairs), _MM_SHUFFLE(3, 1, 2, 0)));
  }
  static V max(V tap, V best) { return _mm256_max_ps(tap, best); }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
};

// Bytes p[0], p[2], …, p[62] (reads p[0..63]): keep the low byte of each 16-bit pair, pack (no
// saturation: each word is 0..255), then reorder the 64-bit quarters as for floats.
inline __m256i loadEvenBytes(const void* p) {
  const __m256i lowByte = _mm256_set1_epi16(0x00FF);
  const auto* q = static_cast<const __m256i*>(p);
  const __m256i packed = _mm256_packus_epi16(_mm256_and_si256(_mm256_loadu_si256(q), lowByte),
                                             _mm256_and_si256(_mm256_loadu_si256(q + 1), lowByte));
  return _mm256_permute4x64_epi64(packed, _MM_SHUFFLE(3, 1, 2, 0));
}

struct U8Lanes {
  using T = uint8_t;
  using V = __m256i;
  static constexpr int64_t kLanes = 32;
  static V load(const T* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static V loadEven(const T* p) { return loadEvenBytes(p); }
  static V max(V tap, V best) { return _mm256_max_epu8(tap, best); }
  static void store(T* p, V v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
};

struct S8Lanes {
  using T = int8_t;
  using V = __m256i;
  static constexpr int64_t kLanes = 32;
  static V load(const T* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static V loadEven(const T* p) { return loadEvenBytes(p); }
  static V max(V tap, V best) { return _mm256_max_epi8(tap, best); }
  static void store(T* p, V v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
};

template <class Lanes, int64_t kStride>
typename Lanes::V loadTaps(const typename Lanes::T* p) {
  if constexpr (kStride == 1) return Lanes::load(p);
  else return Lanes::loadEven(p);
}

// Outputs [at, at + kLanes) of the run, taps in row-major order.
template <class Lanes, int64_t kStride>
void maxBlock(const typename Lanes::T* first, const InteriorMaxWindows& w, int64_t at, typename Lanes::T* out) {
  const typename Lanes::T* base = first + at * kStride;
  typename Lanes::V best = loadTaps<Lanes, kStride>(base);
  for (int64_t r = 0; r < w.rowCount; ++r) {
    const typename Lanes::T* row = base + w.rowOffsets[r];
    for (int64_t kw = r == 0 ? 1 : 0; kw < w.kernelW; ++kw)
      best = Lanes::max(loadTaps<Lanes, kStride>(row + kw * w.dilation), best);
  }
  Lanes::store(out + at, best);
}

// Whole blocks while their loads stay before inputEnd; the last partial block is redone as a block
// ending at `count` (overlapping outputs already written get the same values again). Returns how
// many leading outputs are done.
template <class Lanes, int64_t kStride>
int64_t maxBlocks(const typename Lanes::T* first, const InteriorMaxWindows& w, int64_t count,
                  const typename Lanes::T* inputEnd, typename Lanes::T* out) {
  constexpr int64_t kLanes = Lanes::kLanes;
  if (count < kLanes) return 0;
  // Elements a block loads, counted from its first tap: kStride·kLanes − (kStride − 1) per tap
  // row segment plus one over-read at stride 2, i.e. kStride·kLanes, and the window's extent.
  const int64_t reach = kStride * kLanes + (w.kernelW - 1) * w.dilation + w.rowOffsets[w.rowCount - 1];
  auto fits = [&](int64_t at) { return inputEnd - (first + at * kStride) >= reach; };
  int64_t at = 0;
  for (; at + kLanes <= count && fits(at); at += kLanes) maxBlock<Lanes, kStride>(first, w, at, out);
  if (at < count && fits(count - kLanes)) {
    maxBlock<Lanes, kStride>(first, w, count - kLanes, out);
    at = count;
  }
  return at;
}

template <class Lanes>
void maxInterior(const typename Lanes::T* first, const InteriorMaxWindows& w, int64_t count,
                 const typename Lanes::T* inputEnd, typename Lanes::T* out) {
  int64_t done = 0;
  if (w.stride == 1) done = maxBlocks<Lanes, 1>(first, w, count, inputEnd, out);
  else if (w.stride == 2) done = maxBlocks<Lanes, 2>(first, w, count, inputEnd, out);
  for (int64_t i = done; i < count; ++i) {
    const typename Lanes::T* base = first + i * w.stride;
    typename Lanes::T best = base[0];
    for (int64_t r = 0; r < w.rowCount; ++r)
      for (int64_t kw = r == 0 ? 1 : 0; kw < w.kernelW; ++kw) {
        const typename Lanes::T tap = base[w.rowOffsets[r] + kw * w.dilation];
        if (tap > best) best = tap;
      }
    out[i] = best;
  }
}

}  // namespace

void maxPoolInteriorF32(const float* first, const InteriorMaxWindows& w, int64_t count, const float* inputEnd,
                        float* out) {
  maxInterior<F32Lanes>(first, w, count, inputEnd, out);
}

void maxPoolInteriorU8(const uint8_t* first, const InteriorMaxWindows& w, int64_t count, const uint8_t* inputEnd,
                       uint8_t* out) {
  maxInterior<U8Lanes>(first, w, count, inputEnd, out);
}

void maxPoolInteriorS8(const int8_t* first, const InteriorMaxWindows& w, int64_t count, const int8_t* inputEnd,
                       int8_t* out) {
  maxInterior<S8Lanes>(first, w, count, inputEnd, out);
}

}  // namespace quantlens::kernels
