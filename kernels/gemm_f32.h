// Float GEMM on row-major buffers (Eigen): the workhorse of the FP32 Conv, Gemm and MatMul.
#pragma once

#include <cstdint>

namespace quantlens::kernels {

// C[M×N] = alpha · op(A)·op(B) + beta · C, every matrix row-major with the given leading dimension
// (elements between rows). op(A) is M×K (A is K×M when transA); op(B) is K×N (N×K when transB).
// beta == 0 overwrites C without reading it, so C may hold garbage.
void gemmF32(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
             int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace quantlens::kernels
