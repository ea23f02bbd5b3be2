// AVX2 int8 GEMM: 4×16 vpmaddubsw + vpmaddwd micro-kernel, split-pair residuals, activation packing.
#include "kernels/x86/gemm_s8_avx2.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/gemm_s8.h"
#include "kernels/x86/gemm_s8_layout.h"

namespace quantlens::kernels {
namespace {

static_assert(kRowTile == 4 && kColumnBlock == 16, "the micro-kernel below is written for a 4×16 tile");

inline __m256i loadVector(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }

inline __m256i broadcastDword(const int8_t* p) {
  int32_t v;
  std::memcpy(&v, p, sizeof v);
  return _mm256_set1_epi32(v);
}

// acc += Σ over the 4 depths of each dword lane of x·w: vpmaddubsw (u8·s8 pairs → int16, exact for
// packed pairs) then vpmaddwd by 1 (pairs of int16 → int32).
inline __m256i multiplyAdd(__m256i acc, __m256i x, __m256i w, __m256i ones) {
  return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(x, w), ones));
}

// The 4×16 tile of Σ_k w·x over all depth quads (4×8 for a last block of at most 8 columns).
template <bool kTwoVectors>
struct Tile4x16 {
  __m256i acc[kRowTile][2];

  void multiply(int64_t quads, const int8_t* weights, const uint8_t* block) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i a00 = _mm256_setzero_si256(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00,
            a31 = a00;
    for (int64_t q = 0; q < quads; ++q) {
      const uint8_t* xq = block + q * kBlockQuadBytes;
      const int8_t* wq = weights + q * kPanelQuadBytes;
      const __m256i x0 = loadVector(xq);
      const __m256i x1 = kTwoVectors ? loadVector(xq + 32) : x0;
      __m256i w = broadcastDword(wq);
      a00 = multiplyAdd(a00, x0, w, ones);
      if (kTwoVectors) a01 = multiplyAdd(a01, x1, w, ones);
      w = broadcastDword(wq + 4);
      a10 = multiplyAdd(a10, x0, w, ones);
      if (kTwoVectors) a11 = multiplyAdd(a11, x1, w, ones);
      w = broadcastDword(wq + 8);
      a20 = multiplyAdd(a20, x0, w, ones);
      if (kTwoVectors) a21 = multiplyAdd(a21, x1, w, ones);
      w = broadcastDword(wq + 12);
      a30 = multiplyAdd(a30, x0, w, ones);
      if (kTwoVectors) a31 = multiplyAdd(a31, x1, w, ones);
    }
    acc[0][0] = a00, acc[0][1] = a01, acc[1][0] = a10, acc[1][1] = a11;
    acc[2][0] = a20, acc[2][1] = a21, acc[3][0] = a30, acc[3][1] = a31;
  }

  // Row i += residual·x[4·quad + lane][j]: vpshufb moves byte `lane` of each dword (column) into its
  // low byte and zeroes the rest (index 0x80), so vpmaddwd by (residual, 0) multiplies exactly in 32
  // bits. vpshufb indexes within 128-bit halves: dword j of a half picks byte 4j + lane.
  void addSplits(int64_t i, std::span<const WeightSplitS8> splits, const uint8_t* block) {
    const __m256i dwordBytes = _mm256_setr_epi32(0, 4, 8, 12, 0, 4, 8, 12);
    const __m256i zeroRest = _mm256_set1_epi32(static_cast<int32_t>(0x80808000u));
    for (const WeightSplitS8& s : splits) {
      const __m256i pick = _mm256_or_si256(zeroRest, _mm256_add_epi32(dwordBytes, _mm256_set1_epi32(s.lane)));
      const __m256i residual = _mm256_set1_epi32(static_cast<uint16_t>(s.residual));
      const uint8_t* xq = block + s.quad * kBlockQuadBytes;
      acc[i][0] = _mm256_add_epi32(acc[i][0],
                                   _mm256_madd_epi16(_mm256_shuffle_epi8(loadVector(xq), pick), residual));
      if (kTwoVectors)
        acc[i][1] = _mm256_add_epi32(
            acc[i][1], _mm256_madd_epi16(_mm256_shuffle_epi8(loadVector(xq + 32), pick), residual));
    }
  }

  // Y[i][j] = acc + rowOffsets[i] + columnOffsets[j] for the valid rows and columns.
  void store(int64_t rows, int64_t columns, const int32_t* rowOffsets, const int32_t* columnOffsets, int32_t* y,
             int64_t ldy) const {
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int64_t i = 0; i < rows; ++i) {
      const __m256i rowOffset = _mm256_set1_epi32(rowOffsets[i]);
      for (int64_t v = 0; v < (kTwoVectors ? 2 : 1); ++v) {
        const int64_t first = v * 8;
        if (first >= columns) break;
        __m256i out = _mm256_add_epi32(acc[i][v], rowOffset);
        if (columnOffsets) out = _mm256_add_epi32(out, loadVector(columnOffsets + first));
        int32_t* dst = y + i * ldy + first;
        if (columns - first >= 8) {
          _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), out);
        } else {
          const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int32_t>(columns - first)), lane);
          _mm256_maskstore_epi32(dst, mask, out);
        }
      }
    }
  }
};

template <bool kTwoVectors>
void runBlock(int64_t quads, const int8_t* weights, const std::span<const WeightSplitS8>* splits, const uint8_t* block,
              int64_t rows, int64_t columns, const int32_t* rowOffsets, const int32_t* columnOffsets, int32_t* y,
              int64_t ldy) {
  Tile4x16<kTwoVectors> tile;
  tile.multiply(quads, weights, block);
  for (int64_t i = 0; i < rows; ++i) tile.addSplits(i, splits[i], block);
  tile.store(rows, columns, rowOffsets, columnOffsets, y, ldy);
}

}  // namespace

void packActivationQuadAvx2(const uint8_t* const rows[4], int64_t columns, bool flipSign, uint8_t* panel,
                            int64_t blockStride, int32_t* columnSums) {
  const __m128i flip = _mm_set1_epi8(flipSign ? static_cast<char>(0x80) : 0);
  const __m256i ones8 = _mm256_set1_epi8(1), ones16 = _mm256_set1_epi16(1);
  auto addColumnSums = [&](int64_t first, __m256i low, __m256i high) {
    int32_t* sums = columnSums + first;
    const __m256i sumLow = _mm256_madd_epi16(_mm256_maddubs_epi16(low, ones8), ones16);
    const __m256i sumHigh = _mm256_madd_epi16(_mm256_maddubs_epi16(high, ones8), ones16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums), _mm256_add_epi32(loadVector(sums), sumLow));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums + 8), _mm256_add_epi32(loadVector(sums + 8), sumHigh));
  };
  int64_t first = 0, block = 0;
  // Two blocks at a time with 32-byte rows: the byte and int16 interleaves work within 128-bit
  // lanes, so lane 0 holds columns 0–15 and lane 1 columns 16–31; vperm2i128 regroups them by block.
  if (rows[0] && rows[1] && rows[2] && rows[3]) {
    const __m256i flip2 = _mm256_set1_epi8(flipSign ? static_cast<char>(0x80) : 0);
    for (; first + 2 * kColumnBlock <= columns; first += 2 * kColumnBlock, block += 2) {
      __m256i r[kDepthQuad];
      for (int64_t l = 0; l < kDepthQuad; ++l) r[l] = _mm256_xor_si256(loadVector(rows[l] + first), flip2);
      const __m256i t0 = _mm256_unpacklo_epi8(r[0], r[1]), t1 = _mm256_unpackhi_epi8(r[0], r[1]);
      const __m256i u0 = _mm256_unpacklo_epi8(r[2], r[3]), u1 = _mm256_unpackhi_epi8(r[2], r[3]);
      // Columns 0–3, 4–7 | 16–19, 20–23 in a, b and 8–11, 12–15 | 24–27, 28–31 in c, d.
      const __m256i a = _mm256_unpacklo_epi16(t0, u0), b = _mm256_unpackhi_epi16(t0, u0);
      const __m256i c = _mm256_unpacklo_epi16(t1, u1), d = _mm256_unpackhi_epi16(t1, u1);
      uint8_t* out = panel + block * blockStride;
      const __m256i low0 = _mm256_permute2x128_si256(a, b, 0x20), high0 = _mm256_permute2x128_si256(c, d, 0x20);
      const __m256i low1 = _mm256_permute2x128_si256(a, b, 0x31), high1 = _mm256_permute2x128_si256(c, d, 0x31);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), low0);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32), high0);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + blockStride), low1);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + blockStride + 32), high1);
      if (columnSums) {
        addColumnSums(first, low0, high0);
        addColumnSums(first + kColumnBlock, low1, high1);
      }
    }
  }
  for (; first < columns; first += kColumnBlock, ++block) {
    const int64_t count = std::min(kColumnBlock, columns - first);
    // Bytes j < count of a partial block: index j compared with count.
    const __m128i tailMask = _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(count)),
                                            _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    __m128i r[kDepthQuad];
    for (int64_t l = 0; l < kDepthQuad; ++l) {
      if (!rows[l]) {
        r[l] = _mm_setzero_si128();  // a depth past the end: its weights are 0 and it adds nothing
      } else if (count == kColumnBlock) {
        r[l] = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[l] + first)), flip);
      } else {
        // The last block's missing columns stay 0 (not flipped), so column sums ignore them.
        alignas(16) uint8_t tail[kColumnBlock] = {};
        std::memcpy(tail, rows[l] + first, static_cast<size_t>(count));
        r[l] = _mm_and_si128(_mm_xor_si128(_mm_load_si128(reinterpret_cast<const __m128i*>(tail)), flip), tailMask);
      }
    }
    // Interleave bytes of depths (0, 1) and (2, 3), then the int16 pairs: dword j = 4 depths of column j.
    const __m128i t0 = _mm_unpacklo_epi8(r[0], r[1]), t1 = _mm_unpackhi_epi8(r[0], r[1]);
    const __m128i u0 = _mm_unpacklo_epi8(r[2], r[3]), u1 = _mm_unpackhi_epi8(r[2], r[3]);
    const __m256i low = _mm256_setr_m128i(_mm_unpacklo_epi16(t0, u0), _mm_unpackhi_epi16(t0, u0));
    const __m256i high = _mm256_setr_m128i(_mm_unpacklo_epi16(t1, u1), _mm_unpackhi_epi16(t1, u1));
    uint8_t* out = panel + block * blockStride;
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), low);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32), high);
    if (columnSums) addColumnSums(first, low, high);
  }
}

void gemmPanelAvx2(const PackedWeightsS8& w, int64_t group, const uint8_t* panel, int64_t blockStride,
                   int64_t columns, const int32_t* rowOffsets, const int32_t* columnOffsets, int32_t* y,
                   int64_t ldy) {
  const int64_t rowsPerGroup = w.rowsPerGroup(), quads = w.depthQuads(), panels = w.panelsPerGroup();
  struct Panel {
    const int8_t* weights;
    int64_t rows;
    std::span<const WeightSplitS8> splits[kRowTile];
  };
  thread_local std::vector<Panel> info;
  info.resize(static_cast<size_t>(panels));
  for (int64_t p = 0; p < panels; ++p) {
    Panel& panelInfo = info[static_cast<size_t>(p)];
    panelInfo.weights = w.panel(group, p);
    panelInfo.rows = std::min(kRowTile, rowsPerGroup - p * kRowTile);
    for (int64_t i = 0; i < panelInfo.rows; ++i) panelInfo.splits[i] = w.splits(group, p, i);
  }
  // Weight panels in chunks of about 16 KB, which stay in L1 while each activation block (of
  // `quads`·64 bytes) is multiplied by all of them: the block is read from L2 once per chunk, not once
  // per panel. A large layer's single panel (a 3×3×512 filter's is 18 KB) makes chunks of one.
  const int64_t panelBytes = quads * kPanelQuadBytes;
  const int64_t chunk = std::max<int64_t>(1, (16 * 1024) / std::max<int64_t>(panelBytes, 1));
  for (int64_t firstPanel = 0; firstPanel < panels; firstPanel += chunk) {
    const int64_t lastPanel = std::min(panels, firstPanel + chunk);
    for (int64_t first = 0, block = 0; first < columns; first += kColumnBlock, ++block) {
      const int64_t count = std::min(kColumnBlock, columns - first);
      const uint8_t* x = panel + block * blockStride;
      const int32_t* columnOffset = columnOffsets ? columnOffsets + first : nullptr;
      for (int64_t p = firstPanel; p < lastPanel; ++p) {
        const Panel& panelInfo = info[static_cast<size_t>(p)];
        const int32_t* offsets = rowOffsets + p * kRowTile;
        int32_t* yBlock = y + p * kRowTile * ldy + first;
        if (count > 8)
          runBlock<true>(quads, panelInfo.weights, panelInfo.splits, x, panelInfo.rows, count, offsets, columnOffset,
                         yBlock, ldy);
        else
          runBlock<false>(quads, panelInfo.weights, panelInfo.splits, x, panelInfo.rows, count, offsets, columnOffset,
                          yBlock, ldy);
      }
    }
  }
}

}  // namespace quantlens::kernels
