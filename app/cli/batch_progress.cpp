// Batch-loop options of the CLI.
#include "app/cli/batch_progress.h"

#include <iostream>
#include <mutex>
#include <set>
#include <string>

#include <unistd.h>

#include "app/cli/interrupt.h"

namespace quantlens::cli {

ProgressCallback progressLine(const char* stage) {
  if (!isatty(STDERR_FILENO)) return {};
  return [stage](int64_t done, int64_t total) {
    std::cerr << "\r" << stage << " " << done << "/" << total << (done == total ? "\n" : "") << std::flush;
  };
}

namespace {

// Prints each distinct warning once per run: the same broken image is met again by every pass over
// it (calibration and evaluation on one folder, the observer comparison).
void warnOnce(const std::string& warning) {
  static std::mutex mutex;
  static std::set<std::string> printed;
  const std::lock_guard lock(mutex);
  if (printed.insert(warning).second) std::cerr << "warning: " << warning << "\n";
}

}  // namespace

BatchLoopOptions cliBatchLoop(int64_t batchSize, const char* stage) {
  BatchLoopOptions loop;
  loop.batchSize = batchSize;
  loop.cancel = &interruptToken();
  loop.onWarning = warnOnce;
  loop.progress = progressLine(stage);
  return loop;
}

}  // namespace quantlens::cli
