// Gemm (opsets 1–13): Y = alpha·op(A)·op(B) + beta·C with C unidirectionally broadcast to [M, N].
#include "core/runtime/ops/nn/nn_ops.h"
#include "core/runtime/ops/nn/op_checks.h"
#include "kernels/gemm_f32.h"

namespace quantlens::nn {

void runGemm(OpContext& context) {
  const Tensor& a = context.input(0);
  const Tensor& b = context.input(1);
  const Tensor* c = context.optionalInput(2);  // required before opset 11; absent means 0
  requireFloat32(context, a, "input A");
  requireFloat32(context, b, "input B");
  if (c) requireFloat32(context, *c, "input C");
  const auto& attributes = context.attributes();
  const bool transA = attributes.getInt("transA", 0) != 0;
  const bool transB = attributes.getInt("transB", 0) != 0;
  const float alpha = attributes.getFloat("alpha", 1.0f);
  const float beta = attributes.getFloat("beta", 1.0f);
  if (a.rank() != 2 || b.rank() != 2)
    throw context.error("A and B must be matrices but have shapes " + shapeToString(a.shape()) + " and " +
                        shapeToString(b.shape()));
  const int64_t m = transA ? a.dim(1) : a.dim(0);
  const int64_t k = transA ? a.dim(0) : a.dim(1);
  const int64_t kB = transB ? b.dim(1) : b.dim(0);
  const int64_t n = transB ? b.dim(0) : b.dim(1);
  if (k != kB)
    throw context.error("op(A) is " + std::to_string(m) + "×" + std::to_string(k) + " but op(B) is " +
                        std::to_string(kB) + "×" + std::to_string(n));

  Tensor y(DataType::Float32, {m, n});
  float* out = y.data<float>();
  // A C scaled by beta = 0 adds nothing (and is not read), but its shape is still checked.
  const bool addC = c && beta != 0.0f;
  if (c) {
    // C broadcasts to [M, N] from the right: each of its (at most 2) dims is 1 or equal.
    const Shape& cs = c->shape();
    if (cs.size() > 2) throw context.error("C has shape " + shapeToString(cs) + "; at most 2 dimensions");
    const int64_t cRows = cs.size() == 2 ? cs[0] : 1;
    const int64_t cCols = cs.empty() ? 1 : cs.back();
    const bool legacyExact = opsetBefore(context, 7) && attributes.getInt("broadcast", 0) == 0;
    if ((cRows != 1 && cRows != m) || (cCols != 1 && cCols != n) ||
        (legacyExact && (cs.size() != 2 || cRows != m || cCols != n)))
      throw context.error("C has shape " + shapeToString(cs) + " which does not broadcast to [" +
                          std::to_string(m) + ", " + std::to_string(n) + "]" +
                          (legacyExact ? " without the broadcast attribute" : ""));
    const float* cData = c->data<float>();
    if (addC)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          out[i * n + j] = cData[(cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j)];
  }
  kernels::gemmF32(transA, transB, m, n, k, alpha, a.data<float>(), a.dim(1), b.data<float>(), b.dim(1),
                   addC ? beta : 0.0f, out, n);
  context.setOutput(0, std::move(y));
}

}  // namespace quantlens::nn
