// SQNR, MSE, max abs error and cosine similarity on hand-computed inputs and degenerate cases.
#include "core/quant/error_metrics.h"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace quantlens {
namespace {

TEST(ErrorMetrics, ComputesAllFourOnAHandCheckedExample) {
  // x = [1,2,3,4], x̂ = [1,2,3,5]: Σx² = 30, Σe² = 1, Σx̂² = 39, Σx·x̂ = 34.
  const std::vector<float> x = {1, 2, 3, 4};
  const std::vector<float> y = {1, 2, 3, 5};
  const ErrorMetrics m = compareTensors(x, y);
  EXPECT_NEAR(m.sqnrDb, 10.0 * std::log10(30.0), 1e-12);  // 14.7712 dB
  EXPECT_DOUBLE_EQ(m.mse, 0.25);
  EXPECT_DOUBLE_EQ(m.maxAbsError, 1.0);
  EXPECT_NEAR(m.cosineSimilarity, 34.0 / std::sqrt(30.0 * 39.0), 1e-12);
  EXPECT_DOUBLE_EQ(sqnrDb(x, y), m.sqnrDb);
  EXPECT_DOUBLE_EQ(meanSquaredError(x, y), m.mse);
  EXPECT_DOUBLE_EQ(maxAbsError(x, y), m.maxAbsError);
  EXPECT_DOUBLE_EQ(cosineSimilarity(x, y), m.cosineSimilarity);
}

TEST(ErrorMetrics, GivesInfiniteSqnrForAnExactCopy) {
  const std::vector<float> x = {0.5f, -2.0f, 3.25f};
  const ErrorMetrics m = compareTensors(x, x);
  EXPECT_EQ(m.sqnrDb, std::numeric_limits<double>::infinity());
  EXPECT_EQ(m.mse, 0.0);
  EXPECT_EQ(m.maxAbsError, 0.0);
  EXPECT_NEAR(m.cosineSimilarity, 1.0, 1e-15);
}

TEST(ErrorMetrics, FollowsTheDocumentedConventionsForDegenerateInputs) {
  const std::vector<float> zeros = {0, 0};
  const std::vector<float> ones = {1, -1};
  const ErrorMetrics allZero = compareTensors(zeros, zeros);
  EXPECT_EQ(allZero.sqnrDb, std::numeric_limits<double>::infinity());
  EXPECT_EQ(allZero.cosineSimilarity, 1.0);
  const ErrorMetrics noSignal = compareTensors(zeros, ones);
  EXPECT_EQ(noSignal.sqnrDb, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(noSignal.cosineSimilarity, 0.0);
  EXPECT_EQ(compareTensors(ones, zeros).cosineSimilarity, 0.0);
  const ErrorMetrics empty = compareTensors({}, {});
  EXPECT_EQ(empty.mse, 0.0);
  EXPECT_EQ(empty.sqnrDb, std::numeric_limits<double>::infinity());
  const std::vector<float> withNan = {1, std::numeric_limits<float>::quiet_NaN()};
  EXPECT_TRUE(std::isnan(compareTensors(ones, withNan).maxAbsError));
  EXPECT_TRUE(std::isnan(compareTensors(ones, withNan).sqnrDb));
}

}  // namespace
}  // namespace quantlens
