// AVX2 depthwise int8 convolution: a zero-padded int16 copy of the plane, vpmaddwd over tap pairs.
#include "kernels/x86/depthwise_conv_s8_avx2.h"

#include <immintrin.h>

#include <algorithm>
#include <vector>

namespace quantlens::kernels {
namespace {

inline __m256i load(const int16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

// Stores the first `count` (≤ 8) lanes of v.
inline void storePart(int32_t* dst, __m256i v, int64_t count) {
  if (count >= 8) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), v);
  } else if (count > 0) {
    const __m256i mask =
        _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int32_t>(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    _mm256_maskstore_epi32(dst, mask, v);
  }
}

struct Scratch {
  std::vector<int16_t> plane;    // [input rows + 1][width]: (x − xZp) after padLeft zeros; the last row all 0
  std::vector<int32_t> weights;  // [kernel rows][pairs]: (w[2i] − wZp) | (w[2i+1] − wZp) << 16
  std::vector<const int16_t*> rows;  // per kernel row: its plane row, or the zero row in the padding
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

// The tap pairs of kKernelRows × kPairs weights applied to one output row, block by block. Fixed
// sizes (template arguments) keep the weight vectors in registers; 0 means "given at run time".
template <int kKernelRows, int kPairs>
struct RowKernel {
  static constexpr int kFixed = kKernelRows * kPairs;
  int64_t kernelRows, pairs;
  const int32_t* weights;
  __m256i fixedWeights[kFixed > 0 ? kFixed : 1];

  RowKernel(int64_t rows, int64_t pairCount, const int32_t* w) : kernelRows(rows), pairs(pairCount), weights(w) {
    for (int i = 0; i < kFixed; ++i) fixedWeights[i] = _mm256_set1_epi32(w[i]);
  }

  // acc + Σ over kernel rows and tap pairs for 8 outputs whose dword lanes start at element `offset`
  // of each row: lane j reads rows[kh][offset + 2j + 2i] and its neighbour.
  __m256i sum(__m256i acc, const int16_t* const* rows, int64_t offset) const {
    if constexpr (kFixed > 0) {
      for (int kh = 0; kh < kKernelRows; ++kh)
        for (int i = 0; i < kPairs; ++i)
          acc = _mm256_add_epi32(
              acc, _mm256_madd_epi16(load(rows[kh] + offset + 2 * i), fixedWeights[kh * kPairs + i]));
    } else {
      for (int64_t kh = 0; kh < kernelRows; ++kh)
        for (int64_t i = 0; i < pairs; ++i)
          acc = _mm256_add_epi32(
              acc, _mm256_madd_epi16(load(rows[kh] + offset + 2 * i), _mm256_set1_epi32(weights[kh * pairs + i])));
    }
    return acc;
  }

  void run(const int16_t* const* rows, int64_t strideW, int64_t outW, __m256i bias, int32_t* outRow) const {
    if (strideW == 2) {
      // Lane j of a load at 2·first + kw holds taps (kw, kw + 1) of output first + j.
      for (int64_t first = 0; first < outW; first += 8)
        storePart(outRow + first, sum(bias, rows, 2 * first), outW - first);
      return;
    }
    // Lane j of a load at first + kw serves output first + 2j; one element further, first + 2j + 1.
    for (int64_t first = 0; first < outW; first += 16) {
      const __m256i even = sum(bias, rows, first), odd = sum(bias, rows, first + 1);
      const __m256i low = _mm256_unpacklo_epi32(even, odd);   // outputs 0–3 | 8–11
      const __m256i high = _mm256_unpackhi_epi32(even, odd);  // outputs 4–7 | 12–15
      storePart(outRow + first, _mm256_permute2x128_si256(low, high, 0x20), outW - first);
      storePart(outRow + first + 8, _mm256_permute2x128_si256(low, high, 0x31), outW - first - 8);
    }
  }
};

template <int kKernelRows, int kPairs>
void runRows(const Scratch& s, const WindowGeometry& g, const int16_t* zeroRow, int64_t width, int32_t bias,
             int32_t* out) {
  const RowKernel<kKernelRows, kPairs> kernel(g.kernel[1], (g.kernel[2] + 1) / 2, s.weights.data());
  const int16_t* rows[16];
  std::vector<const int16_t*> manyRows;
  const int16_t** rowPointers = rows;
  if (g.kernel[1] > 16) {
    manyRows.resize(static_cast<size_t>(g.kernel[1]));
    rowPointers = manyRows.data();
  }
  const __m256i biasVector = _mm256_set1_epi32(bias);
  for (int64_t oh = 0; oh < g.output[1]; ++oh) {
    for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
      const int64_t iy = oh * g.stride[1] - g.padBegin[1] + kh * g.dilation[1];
      rowPointers[kh] = iy >= 0 && iy < g.input[1] ? s.plane.data() + iy * width : zeroRow;
    }
    kernel.run(rowPointers, g.stride[2], g.output[2], biasVector, out + oh * g.output[2]);
  }
}

}  // namespace

void depthwiseConvU8S8Avx2(const uint8_t* image, int32_t imageZeroPoint, const WindowGeometry& g,
                           const int8_t* weight, int32_t weightZeroPoint, int32_t bias, int32_t* out) {
  const int64_t inH = g.input[1], inW = g.input[2], outW = g.output[2];
  const int64_t kernelH = g.kernel[1], kernelW = g.kernel[2], strideW = g.stride[2];
  const int64_t pairs = (kernelW + 1) / 2;
  // Output ox's tap kw reads padded element ox·strideW + kw. Blocks of 16 outputs (stride 1) or 8
  // (stride 2) read at most blocks·16·strideW + 2·pairs + 16 elements into a row.
  const int64_t blockOutputs = strideW == 1 ? 16 : 8;
  const int64_t blocks = (outW + blockOutputs - 1) / blockOutputs;
  const int64_t padLeft = g.padBegin[2];
  const int64_t width = std::max(blocks * blockOutputs * strideW + 2 * pairs + 16, padLeft + inW);

  Scratch& s = scratch();
  s.plane.resize(static_cast<size_t>((inH + 1) * width + 16));
  const __m256i zp16 = _mm256_set1_epi16(static_cast<int16_t>(imageZeroPoint));
  const uint8_t* imageEnd = image + inH * inW;
  const __m256i zero = _mm256_setzero_si256();
  // Zeros over [from, to) and up to 15 elements past it. Two stores before the loop, because GCC
  // turns a loop of zero stores into a call to memset, which costs more than the short runs here.
  auto zeros = [&](int16_t* from, int16_t* to) {
    if (from >= to) return;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(from), zero);
    if (to - from <= 16) return;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(from + 16), zero);
    for (from += 32; from < to; from += 16) _mm256_storeu_si256(reinterpret_cast<__m256i*>(from), zero);
  };
  // Each row in three parts, 16 elements per store, each store free to run past its part: the next
  // part (or row) is written after and overwrites it. The zeros around the image are the padding,
  // the quantized 0 (x − xZp = 0). The plane keeps 16 elements of slack after the zero row.
  for (int64_t y = 0; y < inH; ++y) {
    const uint8_t* src = image + y * inW;
    int16_t* row = s.plane.data() + y * width;
    int16_t* dst = row + padLeft;
    zeros(row, dst);
    // 16 pixels per load while it stays inside the image, even past the end of this row (a
    // 14-pixel row is one load).
    int64_t x = 0;
    for (; x < inW && src + x + 16 <= imageEnd; x += 16) {
      const __m256i wide = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x)));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x), _mm256_sub_epi16(wide, zp16));
    }
    for (; x < inW; ++x) dst[x] = static_cast<int16_t>(src[x] - imageZeroPoint);
    zeros(dst + inW, row + width);
  }
  const int16_t* zeroRow = s.plane.data() + inH * width;
  std::fill(s.plane.begin() + inH * width, s.plane.end(), int16_t{0});

  s.weights.resize(static_cast<size_t>(kernelH * pairs));
  for (int64_t kh = 0; kh < kernelH; ++kh)
    for (int64_t i = 0; i < pairs; ++i) {
      const int64_t kw = 2 * i;
      const auto first = static_cast<uint16_t>(weight[kh * kernelW + kw] - weightZeroPoint);
      const auto second =
          static_cast<uint16_t>(kw + 1 < kernelW ? weight[kh * kernelW + kw + 1] - weightZeroPoint : 0);
      s.weights[static_cast<size_t>(kh * pairs + i)] = static_cast<int32_t>(first | (uint32_t{second} << 16));
    }

  if (kernelH == 3 && pairs == 2)
    runRows<3, 2>(s, g, zeroRow, width, bias, out);
  else if (kernelH == 5 && pairs == 3)
    runRows<5, 3>(s, g, zeroRow, width, bias, out);
  else
    runRows<0, 0>(s, g, zeroRow, width, bias, out);
}

}  // namespace quantlens::kernels
