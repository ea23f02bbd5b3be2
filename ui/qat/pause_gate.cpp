// Pause gate.
#include "ui/qat/pause_gate.h"

#include <chrono>

namespace quantlens::ui {

namespace {
constexpr std::chrono::milliseconds kCancelPoll(20);
}  // namespace

void PauseGate::setPaused(bool paused) {
  {
    const std::lock_guard lock(m_mutex);
    m_paused = paused;
  }
  m_resumed.notify_all();
}

bool PauseGate::isPaused() const {
  const std::lock_guard lock(m_mutex);
  return m_paused;
}

void PauseGate::waitWhilePaused(const CancellationToken* cancel) const {
  std::unique_lock lock(m_mutex);
  while (m_paused && !(cancel && cancel->isCancelled())) m_resumed.wait_for(lock, kCancelPoll);
}

}  // namespace quantlens::ui
