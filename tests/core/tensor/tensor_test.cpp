// Tensor storage, shapes and conversion.
#include "core/tensor/tensor.h"

#include <gtest/gtest.h>

namespace quantlens {

TEST(Tensor, HoldsValuesInRowMajorOrder) {
  Tensor t = Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(t.numel(), 6);
  EXPECT_EQ(t.rank(), 2);
  EXPECT_EQ(t.byteCount(), 24u);
  EXPECT_EQ(t.values<float>()[4], 5.0f);
  EXPECT_EQ(stridesOf(t.shape()), (std::vector<int64_t>{3, 1}));
}

TEST(Tensor, CopiesAreIndependent) {
  Tensor a = Tensor::fromVector<int64_t>({2}, {7, 8});
  Tensor b = a;
  b.data<int64_t>()[0] = 1;
  EXPECT_EQ(a.data<int64_t>()[0], 7);
}

TEST(Tensor, CastsBetweenTypes) {
  Tensor t = Tensor::fromVector<float>({3}, {-1.5f, 0.0f, 2.7f});
  EXPECT_EQ(t.castTo(DataType::Int64).toInt64Vector(), (std::vector<int64_t>{-1, 0, 2}));
  Tensor b = t.castTo(DataType::Bool);
  EXPECT_EQ(b.toInt64Vector(), (std::vector<int64_t>{1, 0, 1}));
}

TEST(Tensor, ScalarHasRankZeroAndOneElement) {
  Tensor s = Tensor::scalar<int64_t>(4);
  EXPECT_EQ(s.rank(), 0);
  EXPECT_EQ(s.numel(), 1);
  Tensor empty = Tensor::zeros(DataType::Float32, {0, 3});
  EXPECT_EQ(empty.numel(), 0);
}

TEST(Shape, NormalizesNegativeAxes) {
  EXPECT_EQ(normalizeAxis(-1, 4), 3);
  EXPECT_EQ(normalizeAxis(4, 4), -1);
  EXPECT_EQ(normalizeAxis(-5, 4), -1);
}

}  // namespace quantlens
