// Where: three-way broadcasting selection.
#include <cstdint>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

TEST(Where, SelectsWithAllThreeInputsBroadcast) {
  // condition [2,1] picks row 0 from X [1,3] = (1,2,3) and row 1 from the scalar Y = 0.
  const Tensor out = runSingle("Where", {Tensor::fromVector<bool>({2, 1}, {true, false}),
                                         Tensor::fromVector<float>({1, 3}, {1, 2, 3}),
                                         Tensor::scalar(0.0f)});
  expectTensorNear(out, Tensor::fromVector<float>({2, 3}, {1, 2, 3, 0, 0, 0}));
}

TEST(Where, SelectsElementwiseForSameShapes) {
  const Tensor out = runSingle("Where", {Tensor::fromVector<bool>({3}, {true, false, true}),
                                         Tensor::fromVector<int64_t>({3}, {1, 2, 3}),
                                         Tensor::fromVector<int64_t>({3}, {-1, -2, -3})});
  EXPECT_EQ(out.toInt64Vector(), (std::vector<int64_t>{1, -2, 3}));
}

TEST(Where, RejectsANonBoolCondition) {
  const Error e = errorFrom("Where", {Tensor::scalar(1.0f), Tensor::scalar(1.0f), Tensor::scalar(2.0f)});
  EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
}

TEST(Where, NamesTheShapesThatCannotBroadcast) {
  const Error e = errorFrom("Where", {Tensor(DataType::Bool, {2}), Tensor(DataType::Float32, {3}),
                                     Tensor::scalar(0.0f)});
  EXPECT_TRUE(mentions(e, "[2]") && mentions(e, "[3]")) << e.what();
}

}  // namespace
}  // namespace quantlens::testing
