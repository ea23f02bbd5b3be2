// Thread pool: workers wait for a job, claim chunks through an atomic counter, report back under a lock.
#include "kernels/thread_pool.h"

#include <algorithm>
#include <atomic>

namespace quantlens::kernels {
namespace {

// Set while this thread runs chunks, so a nested parallelFor runs inline instead of waiting for
// workers that are busy with the outer loop (which would deadlock).
thread_local bool t_insideChunk = false;

void runInline(int64_t begin, int64_t end, int64_t chunk, const std::function<void(int64_t, int64_t)>& body) {
  for (int64_t first = begin; first < end; first += chunk) body(first, std::min(end, first + chunk));
}

}  // namespace

struct ThreadPool::Job {
  const std::function<void(int64_t, int64_t)>* body;
  int64_t begin, end, chunk, chunks;
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex errorMutex;
  std::exception_ptr error;
};

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) m_workers.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  for (std::thread& worker : m_workers) worker.join();
}

void ThreadPool::runChunks(Job& job) {
  const bool outer = t_insideChunk;
  t_insideChunk = true;
  for (int64_t i = job.next.fetch_add(1); i < job.chunks; i = job.next.fetch_add(1)) {
    if (job.failed.load()) continue;  // skip the rest after a failure
    const int64_t first = job.begin + i * job.chunk;
    try {
      (*job.body)(first, std::min(job.end, first + job.chunk));
    } catch (...) {
      std::lock_guard lock(job.errorMutex);
      if (!job.error) job.error = std::current_exception();
      job.failed.store(true);
    }
  }
  t_insideChunk = outer;
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [&] { return m_stop || (m_job && m_generation != seen); });
    if (m_stop) return;
    seen = m_generation;
    Job* job = m_job;
    ++m_activeWorkers;
    lock.unlock();
    runChunks(*job);
    lock.lock();
    if (--m_activeWorkers == 0) m_idle.notify_all();
  }
}

void ThreadPool::parallelFor(int64_t begin, int64_t end, int64_t grain,
                             const std::function<void(int64_t, int64_t)>& body) {
  if (end <= begin) return;
  const int64_t count = end - begin;
  const int64_t maxChunks = int64_t{4} * threads();
  const int64_t chunk = std::max({grain, int64_t{1}, (count + maxChunks - 1) / maxChunks});
  const int64_t chunks = (count + chunk - 1) / chunk;
  std::unique_lock submit(m_submit, std::try_to_lock);
  if (m_workers.empty() || chunks == 1 || t_insideChunk || !submit.owns_lock()) {
    runInline(begin, end, chunk, body);
    return;
  }
  Job job;
  job.body = &body;
  job.begin = begin;
  job.end = end;
  job.chunk = chunk;
  job.chunks = chunks;
  {
    std::lock_guard lock(m_mutex);
    m_job = &job;
    ++m_generation;
  }
  m_wake.notify_all();
  runChunks(job);
  {
    // Every chunk has been claimed; wait until the workers that joined have left the job, so none
    // touches it after this frame is gone. Workers that wake later find no job and sleep again.
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [&] { return m_activeWorkers == 0; });
    m_job = nullptr;
  }
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace quantlens::kernels
