// CLI names of observers and the checks of their parameters.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include "core/error.h"
#include "core/quant/observer_factory.h"
#include "core/quant/observer_settings.h"

namespace quantlens {
namespace {

using ::testing::HasSubstr;

TEST(ObserverSettings, ParsesEveryCliNameAndFormatsItBack) {
  for (const char* name : {"minmax", "moving-average", "histogram", "percentile", "entropy", "mse"})
    EXPECT_EQ(observerKindName(parseObserverKind(name)), name);
}

TEST(ObserverSettings, RejectsAnUnknownNameListingTheAcceptedOnes) {
  try {
    parseObserverKind("kl");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.message(), HasSubstr("'kl'"));
    EXPECT_THAT(e.message(), HasSubstr("minmax, moving-average, histogram, percentile, entropy or mse"));
  }
}

TEST(ObserverSettings, AcceptsOnlyMinMaxAndMseAsWeightObservers) {
  EXPECT_EQ(parseWeightObserverKind("minmax"), ObserverKind::MinMax);
  EXPECT_EQ(parseWeightObserverKind("mse"), ObserverKind::Mse);
  EXPECT_THROW(parseWeightObserverKind("histogram"), Error);
}

TEST(ObserverSettings, HasTheCliDefaults) {
  // CLI.md: --observer histogram, --percentile 99.99, --averaging-constant 0.01.
  const ObserverSettings s;
  EXPECT_EQ(s.kind, ObserverKind::Histogram);
  EXPECT_EQ(s.percentile, 99.99);
  EXPECT_EQ(s.averagingConstant, 0.01);
}

TEST(ObserverSettings, RejectsOutOfRangeParametersNamingTheOption) {
  ObserverSettings s;
  s.percentile = 100.5;
  EXPECT_THAT([&] { makeObserver(s); }, ::testing::ThrowsMessage<Error>(HasSubstr("--percentile 100.5")));
  s = {};
  s.averagingConstant = 0.0;
  EXPECT_THAT([&] { makeObserver(s); }, ::testing::ThrowsMessage<Error>(HasSubstr("--averaging-constant")));
  s = {};
  s.bits = 0;
  EXPECT_THROW(makeObserver(s), Error);
  s = {};
  s.kind = ObserverKind::Percentile;
  s.perChannel = true;
  EXPECT_THAT([&] { makeObserver(s); }, ::testing::ThrowsMessage<Error>(HasSubstr("per-tensor only")));
}

}  // namespace
}  // namespace quantlens
