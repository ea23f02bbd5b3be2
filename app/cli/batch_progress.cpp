// Batch-loop options of the CLI.
#include "app/cli/batch_progress.h"

#include <iostream>

#include <unistd.h>

#include "app/cli/interrupt.h"

namespace quantlens::cli {

ProgressCallback progressLine(const char* stage) {
  if (!isatty(STDERR_FILENO)) return {};
  return [stage](int64_t done, int64_t total) {
    std::cerr << "\r" << stage << " " << done << "/" << total << (done == total ? "\n" : "") << std::flush;
  };
}

BatchLoopOptions cliBatchLoop(int64_t batchSize, const char* stage) {
  BatchLoopOptions loop;
  loop.batchSize = batchSize;
  loop.cancel = &interruptToken();
  loop.onWarning = [](const std::string& warning) { std::cerr << "warning: " << warning << "\n"; };
  loop.progress = progressLine(stage);
  return loop;
}

}  // namespace quantlens::cli
