// Equal, Less, LessOrEqual, Greater, GreaterOrEqual: broadcasting, bool output.
#include <cmath>
#include <cstdint>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

const Tensor kA = Tensor::fromVector<float>({2, 3}, {1, 2, 3, 4, 5, NAN});
const Tensor kB = Tensor::fromVector<float>({3}, {2, 2, 2});

std::vector<int64_t> compare(const std::string& op, const Tensor& a, const Tensor& b) {
  const Tensor out = runSingle(op, {a, b});
  EXPECT_EQ(out.dtype(), DataType::Bool);
  EXPECT_EQ(out.shape(), (Shape{2, 3}));
  return out.toInt64Vector();
}

TEST(Comparison, BroadcastsAndReturnsBools) {
  // Each row of kA against 2; NaN compares false with everything.
  EXPECT_EQ(compare("Equal", kA, kB), (std::vector<int64_t>{0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(compare("Less", kA, kB), (std::vector<int64_t>{1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(compare("LessOrEqual", kA, kB), (std::vector<int64_t>{1, 1, 0, 0, 0, 0}));
  EXPECT_EQ(compare("Greater", kA, kB), (std::vector<int64_t>{0, 0, 1, 1, 1, 0}));
  EXPECT_EQ(compare("GreaterOrEqual", kA, kB), (std::vector<int64_t>{0, 1, 1, 1, 1, 0}));
}

TEST(Comparison, ComparesIntegersAndBools) {
  const Tensor a = Tensor::fromVector<int64_t>({2, 3}, {-1, 0, 1, 5, 6, 7});
  const Tensor b = Tensor::fromVector<int64_t>({2, 1}, {0, 6});
  EXPECT_EQ(compare("Less", a, b), (std::vector<int64_t>{1, 0, 0, 1, 0, 0}));
  const Tensor t = Tensor::fromVector<bool>({2}, {true, false});
  EXPECT_EQ(runSingle("Equal", {t, Tensor::scalar(true)}).toInt64Vector(), (std::vector<int64_t>{1, 0}));
}

TEST(Comparison, RefusesOrderingBools) {
  EXPECT_EQ(errorFrom("Less", {Tensor::scalar(true), Tensor::scalar(false)}).kind(),
            ErrorKind::Unsupported);
}

}  // namespace
}  // namespace quantlens::testing
