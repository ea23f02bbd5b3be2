// Pow: mixed base and exponent types, integer powers, the squaring fast path.
#include <cstdint>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

TEST(Pow, RaisesFloatsElementwise) {
  // 2^3 = 8, 4^0.5 = 2, 2^-1 = 0.5
  const Tensor out = runSingle("Pow", {Tensor::fromVector<float>({3}, {2, 4, 2}),
                                       Tensor::fromVector<float>({3}, {3, 0.5f, -1})});
  expectTensorNear(out, Tensor::fromVector<float>({3}, {8, 2, 0.5f}));
}

TEST(Pow, SquaresWithAScalarExponentOfTwo) {
  const Tensor out = runSingle("Pow", {Tensor::fromVector<float>({3}, {-3, 0.5f, 10}), Tensor::scalar(2.0f)});
  expectTensorNear(out, Tensor::fromVector<float>({3}, {9, 0.25f, 100}));
}

TEST(Pow, BroadcastsTheExponent) {
  // [2,1] ^ [3]: rows (2, 3) raised to (0, 1, 2)
  const Tensor out = runSingle("Pow", {Tensor::fromVector<double>({2, 1}, {2, 3}),
                                       Tensor::fromVector<double>({3}, {0, 1, 2})});
  expectTensorNear(out, Tensor::fromVector<double>({2, 3}, {1, 2, 4, 1, 3, 9}));
}

TEST(Pow, KeepsTheBaseTypeWithAnIntegerExponent) {
  // float base, int64 exponent: output float32 (ONNX test_pow_types_float32_int64)
  const Tensor out = runSingle("Pow", {Tensor::fromVector<float>({3}, {1, 2, 3}),
                                       Tensor::fromVector<int64_t>({3}, {4, 5, 6})});
  expectTensorNear(out, Tensor::fromVector<float>({3}, {1, 32, 729}));
}

TEST(Pow, RaisesIntegersExactly) {
  // 3^39 = 4052555153018976267 needs all 63 bits: exact by repeated squaring, not via double.
  const Tensor out = runSingle("Pow", {Tensor::fromVector<int64_t>({2}, {3, -2}),
                                       Tensor::fromVector<int64_t>({2}, {39, 3})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{4052555153018976267LL, -8}));
}

TEST(Pow, TruncatesNegativeIntegerPowers) {
  // 1^-3 = 1, (-1)^-3 = -1, 2^-1 = 0.5 -> 0
  const Tensor out = runSingle("Pow", {Tensor::fromVector<int32_t>({3}, {1, -1, 2}),
                                       Tensor::fromVector<int32_t>({3}, {-3, -3, -1})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{1, -1, 0}));
}

TEST(Pow, RoundsAnIntegerBaseWithFloatExponentTowardZero) {
  // int32 base, float exponent: 2^0.5 = 1.414 -> 1, 9^0.5 = 3
  const Tensor out = runSingle("Pow", {Tensor::fromVector<int32_t>({2}, {2, 9}),
                                       Tensor::fromVector<float>({2}, {0.5f, 0.5f})});
  EXPECT_EQ(out.dtype(), DataType::Int32);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{1, 3}));
}

TEST(Pow, RefusesAnUnsupportedBaseType) {
  const Error e = errorFrom("Pow", {Tensor::scalar<uint8_t>(2), Tensor::scalar<uint8_t>(2)});
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
}

}  // namespace
}  // namespace quantlens::testing
