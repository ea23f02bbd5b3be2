// AVX2 int8 GEMM pieces: activation packing and the 4×16 vpmaddubsw micro-kernel (built with -mavx2 -mfma).
//
// Saturation. vpmaddubsw multiplies unsigned activation bytes by signed weight bytes and adds
// adjacent pairs into int16 with saturation: with activations of 255 and weights (127, 127) the pair
// is 64 770, far beyond 32 767, and the result would be silently wrong. Instead of restricting the
// weights to 7 bits (PyTorch's reduce_range, which costs a bit of precision in every layer) or
// widening everything to int16 and vpmaddwd (exact, but half the multiplies per instruction and
// twice the activation bytes), this kernel stays exact for every int8 weight:
//   a pair of one row is safe when 255·(sum of its positive weights) ≤ 32 767 and
//   255·(sum of its negative weights) ≥ −32 768, i.e. when its same-signed weights add up to at most
//   128 in magnitude. When packing (PackedWeightsS8), each unsafe pair keeps its larger weight, the
//   other is lowered to what fits (127 + 100 → 127 + 1), and the difference (99) is stored as a
//   residual of that row and depth. After its main loop the micro-kernel adds residual·x for every
//   residual with vpshufb (pick the activation byte of each column) + vpmaddwd — 3 instructions per
//   8 columns per residual, against 0.75 per depth for the dense loop.
// Cost: zero for weights within [−64, 64] (7-bit / reduce_range quantizers never split); for full-range
// per-channel weights of a real network a few percent of the pairs in depth order would split, and
// PackedWeightsS8 reorders the depths so that far fewer do (DepthPairing; the benchmark prints the
// share); the worst case (every weight ±128/127) doubles the work and stays exact — the tests run it.
//
// Zero points. The loop computes Σ w·x on raw values; the driver adds
//   −xZp·Σ_k w[r][k] (precomputed row sums) + depth·xZp·wZp + bias per row and −wZp·Σ_k x[k][j]
//   (column sums made while packing) per column — the latter only for a non-zero weight zero point.
#pragma once

#include <cstdint>

namespace quantlens::kernels {

class PackedWeightsS8;

// Packs depths 4q .. 4q+3 of `columns` activation columns into the kColumnBlock blocks of a panel:
// rows[l] holds X[4q + l][0 .. columns) contiguously, or is null for a depth past the end (read as 0).
// Block b's quad q is written at panel + b·blockStride (the caller offsets panel by q·kBlockQuadBytes);
// columns past `columns` in the last block are zero. flipSign turns int8 bytes into uint8 (x + 128).
// When columnSums is not null, Σ_l X[4q + l][j] over the real rows is added to columnSums[j].
void packActivationQuadAvx2(const uint8_t* const rows[4], int64_t columns, bool flipSign, uint8_t* panel,
                            int64_t blockStride, int32_t* columnSums);

// Y[r][j] = rowOffsets[r] + columnOffsets[j] (when not null) + Σ_k W[r][k]·X[k][j] for the rows of
// `group` and the `columns` packed columns of `panel` (blocks blockStride bytes apart); Y has
// leading dimension ldy. X bytes are unsigned, W the packed weights with their splits.
void gemmPanelAvx2(const PackedWeightsS8& w, int64_t group, const uint8_t* panel, int64_t blockStride,
                   int64_t columns, const int32_t* rowOffsets, const int32_t* columnOffsets, int32_t* y,
                   int64_t ldy);

}  // namespace quantlens::kernels
