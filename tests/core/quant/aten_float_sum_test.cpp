// atenFloatSum against torch.sum of float32 vectors (tests/data/quant/aten_float_sum.json, made by
// tools/make_aten_sum_fixtures.py with Debian's python3-torch 1.13): bit for bit.
#include "core/quant/aten_float_sum.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/core/quant/observer_fixture.h"
#include "tests/core/quant/quant_test_support.h"

namespace quantlens {
namespace {

using testing::SplitMix64;

// The float32 values of one case, bit for bit as generate() in the script.
std::vector<float> valuesOf(const std::string& kind, uint64_t seed, int64_t count) {
  SplitMix64 rng(seed);
  std::vector<double> values;
  for (int64_t i = 0; i < count; ++i) {
    if (kind == "fraction") {
      values.push_back(1000.0 * rng.uniform());
    } else if (kind == "integer") {
      values.push_back(static_cast<double>(rng.next() % 1000));
    } else if (kind == "sixteenths") {
      const uint64_t r = rng.next();
      values.push_back((r >> 32) % 4 == 0 ? static_cast<double>(r % 65536) / 16.0 : 0.0);
    } else if (kind == "wide") {
      const double u = rng.uniform();
      const int e = static_cast<int>(rng.next() % 121) - 60;
      values.push_back(std::ldexp(2.0 * u - 1.0, e));
    } else if (kind == "negative_zero") {
      values.push_back(-0.0);
    } else {
      ADD_FAILURE() << "unknown kind " << kind;
    }
  }
  return std::vector<float>(values.begin(), values.end());
}

uint32_t bitsOf(float v) { return std::bit_cast<uint32_t>(v); }

TEST(AtenFloatSum, EqualsTorchSumBitForBitOnEveryFixtureVector) {
  const nlohmann::json fixture = testing::loadQuantFixture("aten_float_sum.json");
  const nlohmann::json& cases = fixture.at("cases");
  ASSERT_GE(cases.size(), 200u);
  int notRoundedDoubleSum = 0;
  for (const nlohmann::json& c : cases) {
    const std::string kind = c.at("kind");
    const std::vector<float> values = valuesOf(kind, c.at("seed").get<uint64_t>(), c.at("count").get<int64_t>());
    const float expected = static_cast<float>(c.at("sum").get<double>());
    const float actual = atenFloatSum(values);
    EXPECT_EQ(bitsOf(actual), bitsOf(expected))
        << kind << " seed " << c.at("seed") << " n " << values.size() << ": " << actual << " vs torch.sum " << expected;
    if (c.at("sum").get<double>() != c.at("double_sum").get<double>()) ++notRoundedDoubleSum;
  }
  // The fixture tells the cascade order from a rounded exact-ish sum: in about a fifth of the cases
  // torch.sum is not the float32 rounding of the double running sum.
  EXPECT_GE(notRoundedDoubleSum, 40);
}

TEST(AtenFloatSum, FollowsTheCascadeOrderOnHandDerivedSums) {
  // Below one AVX2 vector the cascade runs on scalars with 4 interleaved accumulators. For
  // {1, 1, 1, 1, 2^24}: accumulators 0..3 hold 1 each; the leftover 2^24 joins accumulator 0,
  // 2^24 + 1 rounds to 2^24 (ties to even), and each later + 1 rounds back too: 2^24, where the
  // left-to-right sum is 4 + 2^24 exactly.
  const float big = 16777216.0f;
  EXPECT_EQ(atenFloatSum(std::vector<float>{1, 1, 1, 1, big}), big);
  // 16 values: two AVX2 vectors, lane i gets x[i] + x[8 + i]; lane 0 is 2^24 + 1 → 2^24, lanes
  // 1..7 are 2 each, and 2^24 + 2k is exact: 2^24 + 14, where left to right every + 1 is lost.
  std::vector<float> sixteen(16, 1.0f);
  sixteen[0] = big;
  EXPECT_EQ(atenFloatSum(sixteen), big + 14.0f);
  // -0.0 sums are added to the zero-filled output: +0.0.
  EXPECT_FALSE(std::signbit(atenFloatSum(std::vector<float>(5, -0.0f))));
  EXPECT_EQ(atenFloatSum({}), 0.0f);
}

}  // namespace
}  // namespace quantlens
