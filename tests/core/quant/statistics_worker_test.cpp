// The statistics worker: jobs run in posting order on copies of their tensors, errors come back.
#include "core/quant/statistics_worker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "core/error.h"

namespace quantlens {
namespace {

using ::testing::ElementsAreArray;

class StatisticsWorkerModes : public ::testing::TestWithParam<bool> {};

TEST_P(StatisticsWorkerModes, RunsJobsInPostingOrderOnTheValuePosted) {
  std::vector<float> seen;
  {
    // A queue of 8 bytes holds two one-float tensors: posting blocks until the thread catches up.
    StatisticsWorker worker(GetParam(), 8);
    Tensor value = Tensor::scalar(0.0f);
    for (int i = 0; i < 100; ++i) {
      value.data<float>()[0] = static_cast<float>(i);
      worker.post(value, [&seen](const Tensor& t) { seen.push_back(t.data<float>()[0]); });
    }
    value.data<float>()[0] = -1.0f;  // changing the caller's tensor does not reach queued jobs
    worker.finish();
  }
  std::vector<float> expected(100);
  for (int i = 0; i < 100; ++i) expected[static_cast<size_t>(i)] = static_cast<float>(i);
  EXPECT_THAT(seen, ElementsAreArray(expected));
}

TEST_P(StatisticsWorkerModes, ReportsTheFirstJobErrorAndDropsLaterJobs) {
  std::atomic<int> ran{0};
  StatisticsWorker worker(GetParam(), 1024);
  const Tensor value = Tensor::scalar(1.0f);
  auto failing = [&](const Tensor&) {
    ++ran;
    throw Error("statistics of 'c' broke");
  };
  try {
    worker.post(value, failing);
    for (int i = 0; i < 10; ++i) worker.post(value, [&](const Tensor&) { ++ran; });
    worker.finish();
    FAIL() << "the job's error was lost";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "statistics of 'c' broke");
  }
  EXPECT_EQ(ran.load(), 1);  // inline the first post throws; in the background the rest is dropped
}

INSTANTIATE_TEST_SUITE_P(InlineAndBackground, StatisticsWorkerModes, ::testing::Values(false, true));

}  // namespace
}  // namespace quantlens
