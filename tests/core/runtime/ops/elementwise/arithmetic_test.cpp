// Add, Sub, Mul, Div, Mod, BitShift: broadcasting, integer semantics and refusals.
#include <cstdint>
#include <limits>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

TEST(Add, AddsSameShapeTensors) {
  const Tensor out = runSingle("Add", {Tensor::fromVector<float>({2, 2}, {1, 2, 3, 4}),
                                       Tensor::fromVector<float>({2, 2}, {10, 20, 30, 40})});
  expectTensorNear(out, Tensor::fromVector<float>({2, 2}, {11, 22, 33, 44}));
}

TEST(Add, BroadcastsAScalarOnEitherSide) {
  const Tensor x = Tensor::fromVector<float>({3}, {1, 2, 3});
  expectTensorNear(runSingle("Add", {x, Tensor::scalar(0.5f)}),
                   Tensor::fromVector<float>({3}, {1.5f, 2.5f, 3.5f}));
  expectTensorNear(runSingle("Sub", {Tensor::scalar(10.0f), x}),
                   Tensor::fromVector<float>({3}, {9, 8, 7}));
}

TEST(Add, BroadcastsAColumnAgainstARowInBothDirections) {
  // [3,1] + [1,4] -> [3,4]: out[i][j] = 10*i + j
  const Tensor column = Tensor::fromVector<float>({3, 1}, {0, 10, 20});
  const Tensor row = Tensor::fromVector<float>({1, 4}, {0, 1, 2, 3});
  expectTensorNear(runSingle("Add", {column, row}),
                   Tensor::fromVector<float>({3, 4}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}));
}

TEST(Add, AddsAPerChannelBiasToNchw) {
  // x = [1,2,2,2] of ones, bias [1,2,1,1] = {10, 20}: channel 0 is 11, channel 1 is 21.
  const Tensor x = Tensor::fromVector<float>({1, 2, 2, 2}, std::vector<float>(8, 1.0f));
  const Tensor bias = Tensor::fromVector<float>({1, 2, 1, 1}, {10, 20});
  expectTensorNear(runSingle("Add", {x, bias}),
                   Tensor::fromVector<float>({1, 2, 2, 2}, {11, 11, 11, 11, 21, 21, 21, 21}));
}

TEST(Add, PrependsMissingAxesToTheLowerRankInput) {
  // [2,3] * [3]: the [3] row multiplies each of the two rows.
  const Tensor out = runSingle("Mul", {Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6}),
                                       Tensor::fromVector<float>({3}, {1, 10, 100})});
  expectTensorNear(out, Tensor::fromVector<float>({2, 3}, {1, 20, 300, 4, 50, 600}));
}

TEST(Add, ProducesAnEmptyTensorForAZeroSizedAxis) {
  const Tensor out = runSingle("Add", {Tensor(DataType::Float32, {0, 3}),
                                       Tensor::fromVector<float>({1, 3}, {1, 2, 3})});
  EXPECT_EQ(out.shape(), (Shape{0, 3}));
}

TEST(Add, AlignsBAtTheLegacyAxisBeforeOpsetSeven) {
  // Add-6 with broadcast=1, axis=0: B [2] runs along A's axis 0, so out[i][j] = a[i][j] + b[i]
  // (numpy would align B with the last axis instead, and fail on [2,3] + [2]).
  const Tensor a = Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  const Tensor b = Tensor::fromVector<float>({2}, {10, 20});
  const Attributes legacy = attributes({{"broadcast", int64_t{1}}, {"axis", int64_t{0}}});
  expectTensorNear(runSingle("Add", {a, b}, legacy, 6),
                   Tensor::fromVector<float>({2, 3}, {11, 12, 13, 24, 25, 26}));
}

TEST(Add, IgnoresLegacyBroadcastAttributesFromOpsetSevenOn) {
  // From opset 7 the attributes no longer exist; numpy rules apply, and [2,3] + [2] is invalid.
  const Attributes legacy = attributes({{"broadcast", int64_t{1}}, {"axis", int64_t{0}}});
  EXPECT_EQ(errorFrom("Add", {Tensor(DataType::Float32, {2, 3}), Tensor(DataType::Float32, {2})}, legacy)
                .kind(),
            ErrorKind::InvalidInput);
}

TEST(Add, NamesBothShapesWhenTheyCannotBroadcast) {
  const Error e = errorFrom("Add", {Tensor(DataType::Float32, {2, 3}), Tensor(DataType::Float32, {4})});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  EXPECT_TRUE(mentions(e, "[2, 3]") && mentions(e, "[4]")) << e.what();
}

TEST(Add, RefusesMixedInputTypes) {
  const Error e = errorFrom("Add", {Tensor::scalar(1.0f), Tensor::scalar(1.0)});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
}

TEST(Add, RefusesBoolAsUnsupported) {
  const Error e = errorFrom("Add", {Tensor::scalar(true), Tensor::scalar(false)});
  EXPECT_EQ(e.kind(), ErrorKind::Unsupported);
  EXPECT_TRUE(mentions(e, "bool")) << e.what();
}

TEST(Add, WrapsInt32OverflowInsteadOfBeingUndefined) {
  // INT32_MAX + 1 wraps to INT32_MIN in two's complement.
  const Tensor out = runSingle("Add", {Tensor::scalar<int32_t>(std::numeric_limits<int32_t>::max()),
                                       Tensor::scalar<int32_t>(1)});
  EXPECT_EQ(out.data<int32_t>()[0], std::numeric_limits<int32_t>::min());
}

TEST(Add, AddsUint8Wrapping) {
  // 250 + 10 = 260 = 4 mod 256 (ONNX test_add_uint8 semantics)
  const Tensor out = runSingle("Add", {Tensor::scalar<uint8_t>(250), Tensor::scalar<uint8_t>(10)});
  EXPECT_EQ(out.data<uint8_t>()[0], 4);
}

TEST(Mul, MultipliesInt64) {
  const Tensor out = runSingle("Mul", {Tensor::fromVector<int64_t>({2}, {3, -4}),
                                       Tensor::fromVector<int64_t>({2}, {5, 6})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{15, -24}));
}

TEST(Div, DividesFloats) {
  expectTensorNear(runSingle("Div", {Tensor::fromVector<float>({2}, {1, -3}), Tensor::scalar(2.0f)}),
                   Tensor::fromVector<float>({2}, {0.5f, -1.5f}));
}

TEST(Div, TruncatesIntegerQuotientsTowardZeroLikeC) {
  // 7/2 = 3, -7/2 = -3 (not -4 as floor division would give), 7/-2 = -3
  const Tensor out = runSingle("Div", {Tensor::fromVector<int32_t>({3}, {7, -7, 7}),
                                       Tensor::fromVector<int32_t>({3}, {2, 2, -2})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{3, -3, -3}));
}

TEST(Div, GivesZeroForIntegerDivisionByZeroInsteadOfTrapping) {
  const Tensor out = runSingle("Div", {Tensor::fromVector<int64_t>({2}, {5, std::numeric_limits<int64_t>::min()}),
                                       Tensor::fromVector<int64_t>({2}, {0, -1})});
  // x/0 is undefined in ONNX: 0. INT64_MIN / -1 overflows: wraps back to INT64_MIN.
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{0, std::numeric_limits<int64_t>::min()}));
}

TEST(Div, FollowsIeeeForFloatDivisionByZero) {
  const Tensor out = runSingle("Div", {Tensor::fromVector<float>({3}, {1, -1, 0}), Tensor::scalar(0.0f)});
  EXPECT_EQ(out.data<float>()[0], std::numeric_limits<float>::infinity());
  EXPECT_EQ(out.data<float>()[1], -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(out.data<float>()[2]));
}

TEST(Mod, TakesTheSignOfTheDivisorByDefault) {
  // Python's %: -7 % 3 = 2, 7 % -3 = -2, -7 % -3 = -1, 7 % 3 = 1; x % 0 is undefined: 0.
  const Tensor out = runSingle("Mod", {Tensor::fromVector<int32_t>({5}, {-7, 7, -7, 7, 5}),
                                       Tensor::fromVector<int32_t>({5}, {3, -3, -3, 3, 0})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{2, -2, -1, 1, 0}));
}

TEST(Mod, TakesTheSignOfTheDividendWithFmod) {
  // C's fmod: fmod(-7, 3) = -1, fmod(7, -3) = 1, fmod(5.5, 2) = 1.5
  const Attributes fmod = attributes({{"fmod", int64_t{1}}});
  expectTensorNear(runSingle("Mod", {Tensor::fromVector<float>({3}, {-7, 7, 5.5f}),
                                     Tensor::fromVector<float>({3}, {3, -3, 2})}, fmod),
                   Tensor::fromVector<float>({3}, {-1, 1, 1.5f}));
  EXPECT_EQ(runSingle("Mod", {Tensor::scalar<int64_t>(-7), Tensor::scalar<int64_t>(3)}, fmod).toInt64Vector(),
            (std::vector<int64_t>{-1}));
}

TEST(Mod, RejectsFloatsWithoutFmod) {
  // ONNX: "If the input type is floating point, then fmod attribute must be set to 1."
  EXPECT_EQ(errorFrom("Mod", {Tensor::scalar(1.0f), Tensor::scalar(2.0f)}).kind(), ErrorKind::InvalidInput);
}

TEST(BitShift, ShiftsUnsignedIntegersBothWays) {
  // 1 << 2 = 4, 255 << 1 = 510 -> 254 in uint8, 3 << 8 shifts every bit out.
  const Tensor left = runSingle("BitShift", {Tensor::fromVector<uint8_t>({3}, {1, 255, 3}),
                                             Tensor::fromVector<uint8_t>({3}, {2, 1, 8})},
                                attributes({{"direction", std::string("LEFT")}}));
  EXPECT_EQ(left.toInt64Vector(), (std::vector<int64_t>{4, 254, 0}));
  const Tensor right = runSingle("BitShift", {Tensor::fromVector<uint32_t>({2}, {16, 1}),
                                              Tensor::fromVector<uint32_t>({2}, {2, 40})},
                                 attributes({{"direction", std::string("RIGHT")}}));
  EXPECT_EQ(right.toInt64Vector(), (std::vector<int64_t>{4, 0}));
}

TEST(BitShift, RefusesSignedIntegers) {
  EXPECT_EQ(errorFrom("BitShift", {Tensor::scalar<int32_t>(1), Tensor::scalar<int32_t>(1)},
                      attributes({{"direction", std::string("LEFT")}}))
                .kind(),
            ErrorKind::Unsupported);
}

}  // namespace
}  // namespace quantlens::testing
