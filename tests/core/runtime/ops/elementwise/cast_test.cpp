// Cast and CastLike: C++ conversion rules, made total where C++ leaves them undefined.
#include <cmath>
#include <cstdint>
#include <limits>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

Attributes castTo(DataType type) { return attributes({{"to", static_cast<int64_t>(type)}}); }

TEST(Cast, TruncatesFloatsTowardZero) {
  const Tensor out = runSingle("Cast", {Tensor::fromVector<float>({4}, {1.9f, -1.9f, 2.5f, -0.5f})},
                               castTo(DataType::Int32));
  EXPECT_EQ(out.dtype(), DataType::Int32);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{1, -1, 2, 0}));
}

TEST(Cast, SaturatesOutOfRangeFloatsAndMapsNanToZero) {
  // ONNX leaves these undefined; clamping avoids C++ undefined behaviour.
  const Tensor out = runSingle("Cast", {Tensor::fromVector<float>({4}, {300, -5, NAN, 255.9f})},
                               castTo(DataType::UInt8));
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{255, 0, 0, 255}));
  const Tensor wide = runSingle("Cast", {Tensor::fromVector<double>({2}, {1e30, -1e30})},
                                castTo(DataType::Int64));
  EXPECT_EQ(wide.toInt64Vector(), (std::vector<int64_t>{std::numeric_limits<int64_t>::max(),
                                                        std::numeric_limits<int64_t>::min()}));
}

TEST(Cast, WrapsIntegersThatDoNotFit) {
  // 300 mod 256 = 44; -1 as uint16 is 65535
  EXPECT_EQ(runSingle("Cast", {Tensor::scalar<int64_t>(300)}, castTo(DataType::Int8)).toInt64Vector(),
            (std::vector<int64_t>{44}));
  EXPECT_EQ(runSingle("Cast", {Tensor::scalar<int32_t>(-1)}, castTo(DataType::UInt16)).toInt64Vector(),
            (std::vector<int64_t>{65535}));
}

TEST(Cast, MapsNonZeroToTrue) {
  const Tensor out = runSingle("Cast", {Tensor::fromVector<float>({3}, {0, 0.5f, -2})},
                               castTo(DataType::Bool));
  EXPECT_EQ(out.dtype(), DataType::Bool);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{0, 1, 1}));
}

TEST(Cast, TurnsBoolsIntoZeroAndOne) {
  const Tensor out = runSingle("Cast", {Tensor::fromVector<bool>({2}, {true, false})},
                               castTo(DataType::Float32));
  expectTensorNear(out, Tensor::fromVector<float>({2}, {1, 0}));
}

TEST(Cast, WidensAndNarrowsFloats) {
  const Tensor out = runSingle("Cast", {Tensor::fromVector<double>({2}, {0.1, 1e300})},
                               castTo(DataType::Float32));
  // 1e300 is beyond float: IEEE rounding gives infinity.
  EXPECT_EQ(out.data<float>()[0], 0.1f);
  EXPECT_EQ(out.data<float>()[1], std::numeric_limits<float>::infinity());
}

TEST(Cast, CopiesWhenTheTypeIsUnchanged) {
  const Tensor x = Tensor::fromVector<int64_t>({2}, {7, -7});
  EXPECT_EQ(runSingle("Cast", {x}, castTo(DataType::Int64)).toInt64Vector(), x.toInt64Vector());
}

TEST(Cast, RefusesTypesATensorCannotHold) {
  // ONNX type 10 is float16, 8 is string.
  const Error half = errorFrom("Cast", {Tensor::scalar(1.0f)}, attributes({{"to", int64_t{10}}}));
  EXPECT_EQ(half.kind(), ErrorKind::Unsupported);
  EXPECT_TRUE(mentions(half, "float16")) << half.what();
  EXPECT_EQ(errorFrom("Cast", {Tensor::scalar(1.0f)}, attributes({{"to", int64_t{8}}})).kind(),
            ErrorKind::Unsupported);
}

TEST(Cast, AcceptsTheTypeNamesOfCastOne) {
  const Tensor out = runSingle("Cast", {Tensor::scalar(2.9f)}, attributes({{"to", std::string("INT64")}}), 1);
  EXPECT_EQ(out.dtype(), DataType::Int64);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{2}));
}

TEST(Cast, RequiresTheToAttribute) {
  EXPECT_EQ(errorFrom("Cast", {Tensor::scalar(1.0f)}).kind(), ErrorKind::InvalidInput);
}

TEST(CastLike, TakesTheTypeOfItsSecondInput) {
  const Tensor out = runSingle("CastLike", {Tensor::fromVector<float>({2}, {2.7f, -2.7f}),
                                            Tensor::scalar<int16_t>(0)});
  EXPECT_EQ(out.dtype(), DataType::Int16);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{2, -2}));
}

}  // namespace
}  // namespace quantlens::testing
