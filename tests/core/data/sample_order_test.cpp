// Sample order: the first N in order, or a seeded shuffle that is identical on every platform.
#include "core/data/sample_order.h"

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace quantlens {
namespace {

using ::testing::ElementsAre;

TEST(SampleOrder, TakesTheFirstSamplesInOrderWithoutASeed) {
  EXPECT_THAT(sampleOrder(10, 3), ElementsAre(0, 1, 2));
  EXPECT_THAT(sampleOrder(3, kAllSamples), ElementsAre(0, 1, 2));
  EXPECT_THAT(sampleOrder(3, 100), ElementsAre(0, 1, 2));  // more than there are: all of them
  EXPECT_TRUE(sampleOrder(0, 5).empty());
  EXPECT_TRUE(sampleOrder(5, 0).empty());
}

TEST(SampleOrder, MatchesAnIndependentMt19937_64FisherYates) {
  // From a standalone Python MT19937-64 (the reference algorithm's constants; it reproduces the
  // C++ standard's check value, output 10000 of seed 5489 = 9981545732273789042) driving the same
  // shuffle: for i in 0..count-1: n = size - i; redraw while d < 2^64 mod n; swap(i, i + d % n).
  EXPECT_THAT(sampleOrder(10, kAllSamples, 42), ElementsAre(6, 0, 4, 7, 9, 8, 1, 3, 5, 2));
  EXPECT_THAT(sampleOrder(60000, 8, 7), ElementsAre(51015, 8172, 54504, 24246, 43037, 33733, 17607, 18913));
  EXPECT_THAT(sampleOrder(5, kAllSamples, 0), ElementsAre(4, 0, 3, 2, 1));
}

TEST(SampleOrder, ShufflesReproduciblyAndDifferentlyPerSeed) {
  const std::vector<int64_t> a = sampleOrder(1000, kAllSamples, 123);
  EXPECT_EQ(sampleOrder(1000, kAllSamples, 123), a);
  EXPECT_NE(sampleOrder(1000, kAllSamples, 124), a);
  std::vector<int64_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, sampleOrder(1000, kAllSamples));  // a permutation of every index
}

TEST(SampleOrder, ExtendsAShorterShuffleWhenMoreSamplesAreAsked) {
  const std::vector<int64_t> longer = sampleOrder(500, 100, 9);
  const std::vector<int64_t> shorter = sampleOrder(500, 40, 9);
  EXPECT_TRUE(std::equal(shorter.begin(), shorter.end(), longer.begin()));
}

}  // namespace
}  // namespace quantlens
