// The trigonometric and hyperbolic operators at points known in closed form.
#include <cmath>

#include "tests/core/runtime/ops/elementwise/elementwise_test_util.h"

namespace quantlens::testing {
namespace {

constexpr double kPi = 3.14159265358979323846;

// op(x) for a double vector, against the expected values.
void expectValues(const std::string& op, const std::vector<double>& x, const std::vector<double>& expected) {
  SCOPED_TRACE(op);
  const auto n = static_cast<int64_t>(x.size());
  expectTensorNear(runSingle(op, {Tensor::fromVector<double>({n}, x)}), Tensor::fromVector<double>({n}, expected),
                   1e-12, 1e-12);
}

TEST(Trigonometry, MatchesTheUnitCircle) {
  expectValues("Sin", {0, kPi / 2, -kPi / 6}, {0, 1, -0.5});
  expectValues("Cos", {0, kPi, kPi / 3}, {1, -1, 0.5});
  expectValues("Tan", {0, kPi / 4}, {0, 1});
}

TEST(Trigonometry, InvertsTheUnitCircle) {
  expectValues("Asin", {0, 1, -0.5}, {0, kPi / 2, -kPi / 6});
  expectValues("Acos", {1, -1, 0.5}, {0, kPi, kPi / 3});
  expectValues("Atan", {0, 1}, {0, kPi / 4});
  // Outside [-1, 1] there is no real arcsine.
  EXPECT_TRUE(std::isnan(runSingle("Asin", {Tensor::scalar(2.0f)}).data<float>()[0]));
}

TEST(Trigonometry, ComputesHyperbolicFunctionsAndInverses) {
  // sinh 1 = (e - 1/e)/2 = 1.1752011936, cosh 1 = (e + 1/e)/2 = 1.5430806348
  expectValues("Sinh", {0, 1}, {0, 1.1752011936438014});
  expectValues("Cosh", {0, 1}, {1, 1.5430806348152437});
  // asinh 1 = ln(1 + sqrt 2), acosh 2 = ln(2 + sqrt 3), atanh 0.5 = ln(3)/2
  expectValues("Asinh", {0, 1}, {0, 0.881373587019543});
  expectValues("Acosh", {1, 2}, {0, 1.3169578969248166});
  expectValues("Atanh", {0, 0.5}, {0, 0.5493061443340548});
}

TEST(Trigonometry, RefusesIntegerInputs) {
  EXPECT_EQ(errorFrom("Sin", {Tensor::scalar<int32_t>(0)}).kind(), ErrorKind::Unsupported);
}

}  // namespace
}  // namespace quantlens::testing
