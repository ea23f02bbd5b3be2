// Pausing work on another thread: the worker calls waitWhilePaused() between steps and blocks there
// while the GUI has paused it; cancelling (the work's token) releases it as resuming does.
#pragma once

#include <condition_variable>
#include <mutex>

#include "core/progress.h"

namespace quantlens::ui {

class PauseGate {
public:
  void setPaused(bool paused);
  bool isPaused() const;
  // Returns at once when not paused; otherwise when resumed or when `cancel` is set (checked every
  // few milliseconds, since the token cannot wake the gate itself).
  void waitWhilePaused(const CancellationToken* cancel) const;

private:
  mutable std::mutex m_mutex;
  mutable std::condition_variable m_resumed;
  bool m_paused = false;
};

}  // namespace quantlens::ui
