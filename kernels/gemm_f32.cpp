// Float GEMM through Eigen maps (no copies; Eigen picks the AVX2/FMA kernels this file is built with).
#include "kernels/gemm_f32.h"

#include <Eigen/Core>

namespace quantlens::kernels {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Stride = Eigen::OuterStride<>;
using ConstMap = Eigen::Map<const RowMajor, Eigen::Unaligned, Stride>;
using Map = Eigen::Map<RowMajor, Eigen::Unaligned, Stride>;

template <class A, class B>
void accumulate(const A& opA, const B& opB, float alpha, float beta, Map& out) {
  if (beta == 0.0f) {
    out.noalias() = alpha * (opA * opB);
  } else {
    if (beta != 1.0f) out *= beta;
    out.noalias() += alpha * (opA * opB);
  }
}

}  // namespace

void gemmF32(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
             int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  Map out(c, m, n, Stride(ldc));
  if (k == 0) {
    if (beta == 0.0f) out.setZero();
    else out *= beta;
    return;
  }
  const ConstMap matA(a, transA ? k : m, transA ? m : k, Stride(lda));
  const ConstMap matB(b, transB ? n : k, transB ? k : n, Stride(ldb));
  if (transA && transB) accumulate(matA.transpose(), matB.transpose(), alpha, beta, out);
  else if (transA) accumulate(matA.transpose(), matB, alpha, beta, out);
  else if (transB) accumulate(matA, matB.transpose(), alpha, beta, out);
  else accumulate(matA, matB, alpha, beta, out);
}

}  // namespace quantlens::kernels
