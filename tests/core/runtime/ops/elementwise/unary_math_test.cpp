// The unary math operators against values known in closed form.
#include <cmath>
#include <cstdint>
#include <limits>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

const float kInf = std::numeric_limits<float>::infinity();

TEST(UnaryMath, ComputesSqrtExpAndLog) {
  expectTensorNear(runSingle("Sqrt", {Tensor::fromVector<float>({3}, {0, 4, 2.25f})}),
                   Tensor::fromVector<float>({3}, {0, 2, 1.5f}));
  // e^0 = 1, e^1 = 2.7182817, e^-1 = 0.36787945
  expectTensorNear(runSingle("Exp", {Tensor::fromVector<float>({3}, {0, 1, -1})}),
                   Tensor::fromVector<float>({3}, {1, 2.7182817f, 0.36787945f}));
  // ln 1 = 0, ln e = 1
  expectTensorNear(runSingle("Log", {Tensor::fromVector<float>({2}, {1, 2.7182817f})}),
                   Tensor::fromVector<float>({2}, {0, 1}));
}

TEST(UnaryMath, GivesInfinitiesAtPoles) {
  // ln 0 = -inf and 1/0 = inf (expectTensorNear cannot compare infinities: inf - inf is NaN).
  EXPECT_EQ(runSingle("Log", {Tensor::scalar(0.0f)}).data<float>()[0], -kInf);
  EXPECT_EQ(runSingle("Reciprocal", {Tensor::scalar(0.0f)}).data<float>()[0], kInf);
}

TEST(UnaryMath, GivesNanForTheSqrtOfANegativeNumber) {
  const Tensor out = runSingle("Sqrt", {Tensor::scalar(-1.0f)});
  EXPECT_TRUE(std::isnan(out.data<float>()[0]));
}

TEST(UnaryMath, ComputesAbsAndNegForSignedIntegers) {
  // Abs(INT32_MIN) has no int32 value: it wraps to INT32_MIN rather than being undefined.
  const int32_t lowest = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(runSingle("Abs", {Tensor::fromVector<int32_t>({3}, {-5, 7, lowest})}).toInt64Vector(),
            (std::vector<int64_t>{5, 7, lowest}));
  EXPECT_EQ(runSingle("Neg", {Tensor::fromVector<int64_t>({2}, {-5, 7})}).toInt64Vector(),
            (std::vector<int64_t>{5, -7}));
  expectTensorNear(runSingle("Abs", {Tensor::fromVector<float>({2}, {-1.5f, 2})}),
                   Tensor::fromVector<float>({2}, {1.5f, 2}));
}

TEST(UnaryMath, RefusesNegOfUnsignedIntegers) {
  EXPECT_EQ(errorFrom("Neg", {Tensor::scalar<uint8_t>(3)}).kind(), ErrorKind::Unsupported);
}

TEST(UnaryMath, RoundsWithFloorAndCeil) {
  const Tensor x = Tensor::fromVector<float>({4}, {-1.5f, -0.5f, 0.5f, 2});
  expectTensorNear(runSingle("Floor", {x}), Tensor::fromVector<float>({4}, {-2, -1, 0, 2}));
  expectTensorNear(runSingle("Ceil", {x}), Tensor::fromVector<float>({4}, {-1, -0.0f, 1, 2}));
}

TEST(UnaryMath, ComputesReciprocal) {
  expectTensorNear(runSingle("Reciprocal", {Tensor::fromVector<float>({2}, {4, -0.5f})}),
                   Tensor::fromVector<float>({2}, {0.25f, -2}));
}

TEST(UnaryMath, ComputesErf) {
  // erf(0) = 0, erf(1) = 0.8427008, erf(-2) = -0.9953223
  expectTensorNear(runSingle("Erf", {Tensor::fromVector<double>({3}, {0, 1, -2})}),
                   Tensor::fromVector<double>({3}, {0, 0.8427007929, -0.9953222650}), 1e-9);
}

TEST(UnaryMath, ComputesTanhAndSigmoid) {
  // tanh(1) = 0.7615942; sigmoid(0) = 0.5, sigmoid(2) = 1/(1+e^-2) = 0.8807971
  expectTensorNear(runSingle("Tanh", {Tensor::fromVector<float>({2}, {0, 1})}),
                   Tensor::fromVector<float>({2}, {0, 0.7615942f}));
  expectTensorNear(runSingle("Sigmoid", {Tensor::fromVector<float>({2}, {0, 2})}),
                   Tensor::fromVector<float>({2}, {0.5f, 0.8807971f}));
}

TEST(UnaryMath, SaturatesSigmoidWithoutNan) {
  // e^1000 overflows to inf, so 1/(1+inf) = 0 exactly; the other end is 1.
  expectTensorNear(runSingle("Sigmoid", {Tensor::fromVector<float>({2}, {-1000, 1000})}),
                   Tensor::fromVector<float>({2}, {0, 1}), 0, 0);
}

TEST(UnaryMath, RefusesIntegerInputsToFloatOnlyOperators) {
  const Error e = errorFrom("Exp", {Tensor::scalar<int32_t>(1)});
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  EXPECT_TRUE(mentions(e, "int32")) << e.what();
}

TEST(UnaryMath, TakesTheSignOfEveryType) {
  expectTensorNear(runSingle("Sign", {Tensor::fromVector<float>({4}, {-3, 0, 2.5f, NAN})}),
                   Tensor::fromVector<float>({4}, {-1, 0, 1, NAN}));
  EXPECT_EQ(runSingle("Sign", {Tensor::fromVector<int64_t>({3}, {-5, 0, 5})}).toInt64Vector(),
            (std::vector<int64_t>{-1, 0, 1}));
  EXPECT_EQ(runSingle("Sign", {Tensor::fromVector<uint8_t>({2}, {0, 7})}).toInt64Vector(),
            (std::vector<int64_t>{0, 1}));
}

TEST(UnaryMath, RoundsHalvesToEven) {
  // Banker's rounding: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -1.5 -> -2; others to nearest.
  expectTensorNear(runSingle("Round", {Tensor::fromVector<float>({6}, {0.5f, 1.5f, 2.5f, -1.5f, 2.4f, 2.6f})}),
                   Tensor::fromVector<float>({6}, {0, 2, 2, -2, 2, 3}));
}

TEST(UnaryMath, DetectsNanAndInfinities) {
  const Tensor x = Tensor::fromVector<float>({4}, {-kInf, kInf, 1, NAN});
  EXPECT_EQ(runSingle("IsNaN", {x}).toInt64Vector(), (std::vector<int64_t>{0, 0, 0, 1}));
  EXPECT_EQ(runSingle("IsInf", {x}).toInt64Vector(), (std::vector<int64_t>{1, 1, 0, 0}));
  EXPECT_EQ(runSingle("IsInf", {x}, attributes({{"detect_negative", int64_t{0}}})).toInt64Vector(),
            (std::vector<int64_t>{0, 1, 0, 0}));
}

}  // namespace
}  // namespace quantlens::testing
