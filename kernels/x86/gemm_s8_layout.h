// The data layout shared by the int8 GEMM packers (baseline C++) and the AVX2 micro-kernel.
#pragma once

#include <cstdint>

namespace quantlens::kernels {

// The micro-kernel keeps a kRowTile × kColumnBlock tile of int32 sums in 8 ymm registers: 4 weight
// rows (broadcast, 4 depths per dword) × 16 activation columns (two vectors of 8 columns).
inline constexpr int64_t kRowTile = 4;
inline constexpr int64_t kColumnBlock = 16;
inline constexpr int64_t kDepthQuad = 4;

// Weight panel: for each depth quad q, kRowTile dwords, dword i = W[row i][4q .. 4q+3].
inline constexpr int64_t kPanelQuadBytes = kRowTile * kDepthQuad;

// Activation block of kColumnBlock columns: for each depth quad q, 64 bytes; byte 4·j + l of them is
// X[4q + l][column j] (j < 16), i.e. two vectors whose dword lanes hold four depths of one column.
inline constexpr int64_t kBlockQuadBytes = kColumnBlock * kDepthQuad;

}  // namespace quantlens::kernels
