// In-order job queue with one background thread and a bound on the tensor bytes it holds.
#include "core/quant/statistics_worker.h"

namespace quantlens {

StatisticsWorker::StatisticsWorker(bool background, size_t maxQueuedBytes) : m_maxQueuedBytes(maxQueuedBytes) {
  if (background) m_thread = std::thread([this] { loop(); });
}

StatisticsWorker::~StatisticsWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void StatisticsWorker::post(const Tensor& value, Job job) {
  if (!m_thread.joinable()) {
    job(value);
    return;
  }
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] {
    return m_error || m_queue.empty() || m_queuedBytes + value.byteCount() <= m_maxQueuedBytes;
  });
  if (m_error) std::rethrow_exception(m_error);
  m_queuedBytes += value.byteCount();
  m_queue.emplace_back(value, std::move(job));  // the copy: the executor frees or reuses `value`
  lock.unlock();
  m_changed.notify_all();
}

void StatisticsWorker::finish() {
  if (!m_thread.joinable()) return;
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_error || (m_queue.empty() && !m_busy); });
  if (m_error) std::rethrow_exception(m_error);
}

void StatisticsWorker::loop() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_changed.wait(lock, [&] { return m_stop || !m_queue.empty(); });
    if (m_stop) return;
    std::pair<Tensor, Job> item = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = true;
    lock.unlock();
    std::exception_ptr error;
    try {
      item.second(item.first);
    } catch (...) {
      error = std::current_exception();
    }
    const size_t bytes = item.first.byteCount();
    item = {};
    lock.lock();
    m_busy = false;
    m_queuedBytes -= bytes;
    if (error && !m_error) {
      m_error = error;  // later jobs would build on a statistic left half-updated: drop them
      m_queue.clear();
      m_queuedBytes = 0;
    }
    m_changed.notify_all();
  }
}

}  // namespace quantlens
