// Gemm and MatMul backward: the two GEMMs dA = dY·Bᵀ and dB = Aᵀ·dY, with the operands' transposes.
#include "core/train/ops/grad_ops.h"
#include "core/train/ops/reduce_to_shape.h"
#include "kernels/gemm_f32.h"

namespace quantlens::grad {
namespace {

// Row-major transpose of a rows × cols matrix.
Tensor transposed(const float* values, int64_t rows, int64_t cols) {
  Tensor out(DataType::Float32, {cols, rows});
  float* o = out.data<float>();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) o[c * rows + r] = values[r * cols + c];
  return out;
}

}  // namespace

void gemmBackward(BackwardContext& context) {
  const Tensor& a = context.input(0);
  const Tensor& b = context.input(1);
  const Tensor& dy = context.outputGrad();
  const auto& attributes = context.attributes();
  const bool transA = attributes.getInt("transA", 0) != 0;
  const bool transB = attributes.getInt("transB", 0) != 0;
  const float alpha = attributes.getFloat("alpha", 1.0f);
  const float beta = attributes.getFloat("beta", 1.0f);
  const int64_t m = transA ? a.dim(1) : a.dim(0);
  const int64_t k = transA ? a.dim(0) : a.dim(1);
  const int64_t n = transB ? b.dim(0) : b.dim(1);
  if (dy.shape() != Shape{m, n})
    throw context.error("output gradient has shape " + shapeToString(dy.shape()) + " but Y is [" +
                        std::to_string(m) + ", " + std::to_string(n) + "]");

  if (context.wantsGrad(0)) {
    // d op(A) [M×K] = alpha · dY · op(B)ᵀ; op(B)ᵀ is B read transposed unless transB.
    Tensor dOpA(DataType::Float32, {m, k});
    kernels::gemmF32(false, !transB, m, k, n, alpha, dy.data<float>(), n, b.data<float>(), b.dim(1), 0.0f,
                     dOpA.data<float>(), k);
    context.setInputGrad(0, transA ? transposed(dOpA.data<float>(), m, k) : std::move(dOpA));
  }
  if (context.wantsGrad(1)) {
    // d op(B) [K×N] = alpha · op(A)ᵀ · dY.
    Tensor dOpB(DataType::Float32, {k, n});
    kernels::gemmF32(!transA, false, k, n, m, alpha, a.data<float>(), a.dim(1), dy.data<float>(), n, 0.0f,
                     dOpB.data<float>(), n);
    context.setInputGrad(1, transB ? transposed(dOpB.data<float>(), k, n) : std::move(dOpB));
  }
  if (context.optionalInput(2) && context.wantsGrad(2)) {
    Tensor dc = reduceToShape(dy, context.input(2).shape());
    for (float& v : dc.values<float>()) v *= beta;
    context.setInputGrad(2, std::move(dc));
  }
}

void matMulBackward(BackwardContext& context) {
  const Tensor& a = context.input(0);
  const Tensor& b = context.input(1);
  const Tensor& dy = context.outputGrad();
  // The linear-layer forms: A [..., M, K] (leading axes flattened into rows) times a matrix B [K, N].
  if (a.rank() < 2 || b.rank() != 2)
    throw context.unsupported("only A of rank ≥ 2 times a matrix B is differentiated, not " +
                              shapeToString(a.shape()) + " × " + shapeToString(b.shape()));
  const int64_t k = b.dim(0), n = b.dim(1);
  const int64_t rows = a.numel() / k;
  if (context.wantsGrad(0)) {
    Tensor da(DataType::Float32, a.shape());
    kernels::gemmF32(false, true, rows, k, n, 1.0f, dy.data<float>(), n, b.data<float>(), n, 0.0f,
                     da.data<float>(), k);
    context.setInputGrad(0, std::move(da));
  }
  if (context.wantsGrad(1)) {
    Tensor db(DataType::Float32, b.shape());
    kernels::gemmF32(true, false, k, n, rows, 1.0f, a.data<float>(), k, dy.data<float>(), n, 0.0f,
                     db.data<float>(), n);
    context.setInputGrad(1, std::move(db));
  }
}

}  // namespace quantlens::grad
