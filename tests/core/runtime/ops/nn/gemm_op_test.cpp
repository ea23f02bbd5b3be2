// Gemm: alpha, beta, transposes and every broadcast form of C, checked by hand and against loops.
#include <cmath>

#include <gtest/gtest.h>

#include "tests/core/runtime/ops/nn/nn_test_support.h"
#include "tests/support/op_runner.h"

namespace quantlens::testing {
namespace {

// Y = alpha·op(A)·op(B) + beta·C over the broadcast C, in double.
Tensor naiveGemm(const Tensor& a, const Tensor& b, const Tensor* c, bool transA, bool transB, float alpha,
                 float beta) {
  const int64_t m = transA ? a.dim(1) : a.dim(0), k = transA ? a.dim(0) : a.dim(1);
  const int64_t n = transB ? b.dim(0) : b.dim(1);
  Tensor y(DataType::Float32, {m, n});
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (int64_t p = 0; p < k; ++p)
        sum += double{a.data<float>()[transA ? p * m + i : i * k + p]} *
               b.data<float>()[transB ? j * k + p : p * n + j];
      double bias = 0.0;
      if (c) {
        const int64_t rows = c->rank() == 2 ? c->dim(0) : 1,
                      cols = c->rank() == 0 ? 1 : c->dim(c->rank() - 1);
        bias = c->data<float>()[(rows == 1 ? 0 : i) * cols + (cols == 1 ? 0 : j)];
      }
      y.data<float>()[i * n + j] = static_cast<float>(alpha * sum + beta * bias);
    }
  return y;
}

TEST(Gemm, MultipliesAndAddsAScaledMatrixBias) {
  // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]: A·B = [[19, 22], [43, 50]];
  // alpha 2, beta 0.5, C = [[2, 4], [6, 8]]: Y = [[39, 46], [89, 104]].
  const Tensor a = Tensor::fromVector<float>({2, 2}, {1, 2, 3, 4});
  const Tensor b = Tensor::fromVector<float>({2, 2}, {5, 6, 7, 8});
  const Tensor c = Tensor::fromVector<float>({2, 2}, {2, 4, 6, 8});
  Attributes attributes;
  attributes.set("alpha", 2.0f);
  attributes.set("beta", 0.5f);
  expectTensorNear(runOp("Gemm", {a, b, c}, attributes)[0],
                   Tensor::fromVector<float>({2, 2}, {39, 46, 89, 104}));
}

TEST(Gemm, MatchesLoopsForEveryTransposeAndBiasShape) {
  const std::vector<Shape> biasShapes = {{}, {1}, {5}, {1, 5}, {3, 1}, {3, 5}};
  uint32_t seed = 1;
  for (int transA = 0; transA < 2; ++transA)
    for (int transB = 0; transB < 2; ++transB)
      for (size_t s = 0; s <= biasShapes.size(); ++s) {
        const bool withC = s < biasShapes.size();
        SCOPED_TRACE("transA=" + std::to_string(transA) + " transB=" + std::to_string(transB) +
                     " C=" + (withC ? shapeToString(biasShapes[s]) : std::string("absent")));
        const Tensor a = randomTensor(transA ? Shape{4, 3} : Shape{3, 4}, seed++);
        const Tensor b = randomTensor(transB ? Shape{5, 4} : Shape{4, 5}, seed++);
        const Tensor c = withC ? randomTensor(biasShapes[s], seed++) : Tensor();
        Attributes attributes;
        attributes.set("transA", int64_t{transA});
        attributes.set("transB", int64_t{transB});
        attributes.set("alpha", 0.75f);
        attributes.set("beta", 1.5f);
        const auto y = runOp("Gemm", {a, b, c}, attributes);
        expectTensorNear(y[0], naiveGemm(a, b, withC ? &c : nullptr, transA, transB, 0.75f, 1.5f), 1e-5,
                         1e-5);
      }
}

TEST(Gemm, IgnoresCWhenBetaIsZero) {
  // C full of NaN scaled by beta = 0 must not leak into Y (A·B = [[11]]).
  const Tensor a = Tensor::fromVector<float>({1, 2}, {1, 2});
  const Tensor b = Tensor::fromVector<float>({2, 1}, {3, 4});
  const Tensor c = Tensor::fromVector<float>({1, 1}, {std::nanf("")});
  Attributes attributes;
  attributes.set("beta", 0.0f);
  expectTensorNear(runOp("Gemm", {a, b, c}, attributes)[0], Tensor::fromVector<float>({1, 1}, {11}));
}

TEST(Gemm, RejectsABiasThatDoesNotBroadcast) {
  expectError(
      [] {
        runOp("Gemm", {randomTensor({3, 4}, 1), randomTensor({4, 5}, 2), randomTensor({4}, 3)});
      },
      ErrorKind::InvalidInput, "C has shape [4] which does not broadcast to [3, 5]");
}

TEST(Gemm, RequiresAnExactBiasWithoutTheLegacyBroadcastFlag) {
  // Before opset 7 C broadcast only with broadcast=1.
  auto run = [](int64_t broadcast) {
    Attributes attributes;
    attributes.set("broadcast", broadcast);
    return runOp("Gemm", {randomTensor({3, 4}, 1), randomTensor({4, 5}, 2), randomTensor({5}, 3)}, attributes,
                 1, 6);
  };
  expectError([&] { run(0); }, ErrorKind::InvalidInput, "without the broadcast attribute");
  EXPECT_EQ(run(1)[0].shape(), (Shape{3, 5}));
}

TEST(Gemm, NamesTheInnerDimensionsWhenTheyDisagree) {
  expectError(
      [] {
        runOp("Gemm", {randomTensor({3, 4}, 1), randomTensor({5, 6}, 2)});
      },
      ErrorKind::InvalidInput, "op(A) is 3×4 but op(B) is 5×6");
}

TEST(Gemm, RefusesDoubleInputsAsUnsupported) {
  const Tensor a = Tensor::fromVector<double>({1, 1}, {1.0});
  expectError([&] { runOp("Gemm", {a, a}); }, ErrorKind::Unsupported, "only float32 is supported");
}

}  // namespace
}  // namespace quantlens::testing
