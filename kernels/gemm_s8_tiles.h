// Drives the AVX2 int8 GEMM over tiles of activation columns: fetch depth rows, pack, multiply, correct.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/gemm_s8.h"
#include "kernels/x86/gemm_s8_avx2.h"
#include "kernels/x86/gemm_s8_layout.h"

namespace quantlens::kernels {

// Per-thread buffers of the tiled driver, kept across calls (a fresh allocation would page-fault on
// every call of a small layer).
struct GemmS8Scratch {
  std::vector<uint8_t> panel;
  std::vector<uint8_t> rows;  // four depth rows of one tile, when they must be gathered
  std::vector<int32_t> rowOffsets;
  std::vector<int32_t> columnSums;
  std::vector<int32_t> columnOffsets;
};
GemmS8Scratch& gemmS8Scratch();

// Columns per tile, a multiple of kColumnBlock: the packed panel (depth × columns bytes) stays
// within about 320 KB, in L2 next to the weight panel the micro-kernel reads (a 7×7×512 layer's
// 49 columns fit in one tile), and the tiles of a layer are about equal.
int64_t gemmS8TileColumns(int64_t depthQuads, int64_t columns);

// Y = (W − wZp)·(X − xZeroPoint) + bias for the rows of `group`, where fetchRow(k, first, count,
// scratch) returns X[k][first .. first + count) as contiguous bytes (a pointer into X, or scratch
// filled with them; scratch holds `count` bytes). Depths are fetched in the weights' packed order
// (w.depthAt). flipSign: the bytes are int8 (x + 128 is packed).
template <class FetchRow>
void gemmS8Tiled(const PackedWeightsS8& w, int64_t group, int64_t columns, int32_t xZeroPoint, bool flipSign,
                 const int32_t* bias, FetchRow&& fetchRow, int32_t* y, int64_t ldy) {
  const int64_t depth = w.depth(), quads = w.depthQuads(), rows = w.rowsPerGroup();
  if (rows == 0 || columns == 0) return;
  // Packed bytes are unsigned: an int8 x is packed as x + 128, so its zero point moves by 128 too.
  const int64_t xZp = xZeroPoint + (flipSign ? 128 : 0);
  const int64_t wZp = w.zeroPoint();
  GemmS8Scratch& s = gemmS8Scratch();

  // Σ_k (w − wZp)(x − xZp) = Σ w·x − xZp·Σ_k w − wZp·Σ_k x + depth·xZp·wZp.
  s.rowOffsets.resize(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t offset = (bias ? bias[r] : 0) - xZp * w.rowSum(group * rows + r) + depth * xZp * wZp;
    s.rowOffsets[static_cast<size_t>(r)] = static_cast<int32_t>(offset);  // wraps like the vector adds
  }

  const int64_t tile = gemmS8TileColumns(quads, columns);
  const int64_t tileBlocks = (tile + kColumnBlock - 1) / kColumnBlock;
  const int64_t blockStride = quads * kBlockQuadBytes;
  const auto padded = static_cast<size_t>(tileBlocks * kColumnBlock);
  s.panel.resize(static_cast<size_t>(tileBlocks * blockStride));
  s.rows.resize(static_cast<size_t>(kDepthQuad * tile));
  if (wZp != 0) {
    s.columnSums.resize(padded);
    s.columnOffsets.resize(padded);
  }
  for (int64_t first = 0; first < columns; first += tile) {
    const int64_t count = std::min(tile, columns - first);
    if (wZp != 0) std::fill(s.columnSums.begin(), s.columnSums.end(), 0);
    for (int64_t q = 0; q < quads; ++q) {
      const uint8_t* quadRows[kDepthQuad];
      for (int64_t l = 0; l < kDepthQuad; ++l) {
        const int64_t k = q * kDepthQuad + l;
        quadRows[l] = k < depth ? fetchRow(w.depthAt(k), first, count, s.rows.data() + l * tile) : nullptr;
      }
      packActivationQuadAvx2(quadRows, count, flipSign, s.panel.data() + q * kBlockQuadBytes, blockStride,
                             wZp != 0 ? s.columnSums.data() : nullptr);
    }
    if (wZp != 0)
      for (size_t j = 0; j < padded; ++j) s.columnOffsets[j] = static_cast<int32_t>(-wZp * s.columnSums[j]);
    gemmPanelAvx2(w, group, s.panel.data(), blockStride, count, s.rowOffsets.data(),
                  wZp != 0 ? s.columnOffsets.data() : nullptr, y + first, ldy);
  }
}

}  // namespace quantlens::kernels
