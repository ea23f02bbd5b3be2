// Runs jobs on tensors in the order they are posted, inline or on one background thread: how
// calibration overlaps its statistics with the model run.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "core/tensor/tensor.h"

namespace quantlens {

class StatisticsWorker {
public:
  using Job = std::function<void(const Tensor&)>;

  // background = false: post() runs each job at once. Otherwise jobs wait in a FIFO queue holding
  // copies of their tensors, at most maxQueuedBytes of them (a larger tensor is let in alone), and
  // one thread runs them in order.
  StatisticsWorker(bool background, size_t maxQueuedBytes);
  // Drops the jobs still queued (after an error or a cancellation) and joins the thread.
  ~StatisticsWorker();
  StatisticsWorker(const StatisticsWorker&) = delete;
  StatisticsWorker& operator=(const StatisticsWorker&) = delete;

  // Blocks while the queue is full; rethrows the exception of an earlier job.
  void post(const Tensor& value, Job job);
  // Waits until every posted job has run; rethrows the first job exception.
  void finish();

private:
  void loop();

  size_t m_maxQueuedBytes;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::pair<Tensor, Job>> m_queue;
  size_t m_queuedBytes = 0;
  bool m_busy = false;  // the thread is running a job it took off the queue
  bool m_stop = false;
  std::exception_ptr m_error;
  std::thread m_thread;  // last: started once every member above exists
};

}  // namespace quantlens
