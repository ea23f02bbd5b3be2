// A small fixed pool of worker threads with a blocking parallel-for over index ranges (2 cores in mind).
//
// Oversubscription. A pool of N threads uses N cores (the caller is one of them). Eigen, which the
// float GEMM runs on, is single-threaded in this build (no -fopenmp, no EIGEN_USE_THREADS); a caller
// that runs Eigen products inside pool tasks with a multi-threaded Eigen must set
// Eigen::setNbThreads(1) first, or two levels of threads fight over the same cores. Kernels called
// from a pool task must not start threads of their own: a parallelFor nested in a task runs inline.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace quantlens::kernels {

class ThreadPool {
public:
  // `threads` counts the calling thread: ThreadPool(2) starts one worker. Values below 1 mean 1.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(m_workers.size()) + 1; }

  // Calls body(first, last) on disjoint chunks that cover [begin, end) exactly once, on the workers
  // and the calling thread, and returns when all have finished. Chunks hold at least `grain`
  // indices (the last may hold fewer) and there are at most 4 per thread, so uneven chunks balance.
  // If a chunk throws, chunks not yet started are skipped and the first exception is rethrown here
  // once every running chunk has returned. Called from inside a chunk (nested), from a second
  // thread while the pool is busy, or with one thread, it runs the chunks on the calling thread.
  void parallelFor(int64_t begin, int64_t end, int64_t grain, const std::function<void(int64_t, int64_t)>& body);

private:
  struct Job;
  void workerLoop();
  static void runChunks(Job& job);

  std::vector<std::thread> m_workers;
  std::mutex m_mutex;
  std::condition_variable m_wake;  // workers: a job arrived or the pool stops
  std::condition_variable m_idle;  // the caller: the last worker left the job
  Job* m_job = nullptr;
  uint64_t m_generation = 0;
  int m_activeWorkers = 0;
  bool m_stop = false;
  std::mutex m_submit;  // one parallelFor at a time
};

}  // namespace quantlens::kernels
