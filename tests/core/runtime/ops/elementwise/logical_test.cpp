// Not, And, Or, Xor on bools.
#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

TEST(Logical, CombinesWithBroadcasting) {
  // a [2,1] = (F, T) against b [2] = (F, T) gives the [2,2] truth table: rows a, columns b.
  const Tensor a = Tensor::fromVector<bool>({2, 1}, {false, true});
  const Tensor b = Tensor::fromVector<bool>({2}, {false, true});
  EXPECT_EQ(runSingle("And", {a, b}).toInt64Vector(), (std::vector<int64_t>{0, 0, 0, 1}));
  EXPECT_EQ(runSingle("Or", {a, b}).toInt64Vector(), (std::vector<int64_t>{0, 1, 1, 1}));
  EXPECT_EQ(runSingle("Xor", {a, b}).toInt64Vector(), (std::vector<int64_t>{0, 1, 1, 0}));
}

TEST(Logical, NegatesWithNot) {
  const Tensor out = runSingle("Not", {Tensor::fromVector<bool>({3}, {true, false, true})});
  EXPECT_EQ(out.dtype(), DataType::Bool);
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{0, 1, 0}));
}

TEST(Logical, RefusesNonBoolInputs) {
  EXPECT_EQ(errorFrom("And", {Tensor::scalar(1.0f), Tensor::scalar(0.0f)}).kind(), ErrorKind::Unsupported);
  EXPECT_EQ(errorFrom("Not", {Tensor::scalar<int32_t>(1)}).kind(), ErrorKind::Unsupported);
}

}  // namespace
}  // namespace quantlens::testing
