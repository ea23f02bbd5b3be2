// ThreadPool: every index exactly once, exceptions reach the caller, nesting and reuse work.
#include "kernels/thread_pool.h"

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace quantlens::kernels {
namespace {

// Counts how often each index of [begin, end) is visited by one parallelFor.
std::vector<int> visits(ThreadPool& pool, int64_t begin, int64_t end, int64_t grain) {
  std::vector<std::atomic<int>> counts(static_cast<size_t>(end > begin ? end - begin : 0));
  pool.parallelFor(begin, end, grain, [&](int64_t first, int64_t last) {
    EXPECT_LE(begin, first);
    EXPECT_LT(first, last);
    EXPECT_LE(last, end);
    for (int64_t i = first; i < last; ++i) counts[static_cast<size_t>(i - begin)].fetch_add(1);
  });
  std::vector<int> result;
  for (const auto& c : counts) result.push_back(c.load());
  return result;
}

TEST(ThreadPool, VisitsEveryIndexExactlyOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (int64_t count : {1, 2, 7, 100, 1001})
      for (int64_t grain : {1, 3, 64, 5000}) {
        SCOPED_TRACE("threads=" + std::to_string(threads) + " count=" + std::to_string(count) +
                     " grain=" + std::to_string(grain));
        EXPECT_EQ(visits(pool, 10, 10 + count, grain), std::vector<int>(static_cast<size_t>(count), 1));
      }
  }
}

TEST(ThreadPool, DoesNothingForAnEmptyRange) {
  ThreadPool pool(2);
  int calls = 0;
  pool.parallelFor(5, 5, 1, [&](int64_t, int64_t) { ++calls; });
  pool.parallelFor(5, 3, 1, [&](int64_t, int64_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(ThreadPool, RethrowsTheExceptionOfAChunkAndStaysUsable) {
  ThreadPool pool(2);
  for (int round = 0; round < 20; ++round) {
    try {
      pool.parallelFor(0, 1000, 1, [](int64_t first, int64_t last) {
        for (int64_t i = first; i < last; ++i)
          if (i == 437) throw std::runtime_error("index 437 failed");
      });
      ADD_FAILURE() << "no exception in round " << round;
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "index 437 failed");
    }
    EXPECT_EQ(visits(pool, 0, 500, 1), std::vector<int>(500, 1)) << "round " << round;
  }
}

TEST(ThreadPool, RunsANestedParallelForInline) {
  ThreadPool pool(2);
  std::vector<std::atomic<int>> counts(20 * 30);
  pool.parallelFor(0, 20, 1, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i)
      pool.parallelFor(0, 30, 1, [&](int64_t innerFirst, int64_t innerLast) {
        for (int64_t j = innerFirst; j < innerLast; ++j) counts[static_cast<size_t>(i * 30 + j)].fetch_add(1);
      });
  });
  for (size_t i = 0; i < counts.size(); ++i) EXPECT_EQ(counts[i].load(), 1) << "index " << i;
}

TEST(ThreadPool, SumsLikeASerialLoopOverManyCalls) {
  ThreadPool pool(2);
  for (int64_t n = 1; n < 300; n += 7) {
    std::atomic<int64_t> sum{0};
    pool.parallelFor(0, n, 2, [&](int64_t first, int64_t last) {
      int64_t local = 0;
      for (int64_t i = first; i < last; ++i) local += i * i;
      sum.fetch_add(local);
    });
    EXPECT_EQ(sum.load(), (n - 1) * n * (2 * n - 1) / 6) << "n " << n;
  }
}

}  // namespace
}  // namespace quantlens::kernels
