// Progress reporting and cancellation for long work (calibration, evaluation, training), plain C++.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "core/error.h"

namespace quantlens {

// done of total units finished; called from the working thread.
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

// Set from any thread; long work checks it between batches and stops with cancelledError().
class CancellationToken {
public:
  void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
  void reset() { m_cancelled.store(false, std::memory_order_relaxed); }
  bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
  void throwIfCancelled() const {
    if (isCancelled()) throw cancelledError();
  }

private:
  std::atomic<bool> m_cancelled{false};
};

}  // namespace quantlens
