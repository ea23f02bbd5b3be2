// How the CLI walks batches: Ctrl-C cancels, skipped samples are warned about on stderr, and a
// progress line is drawn when stderr is a terminal (nothing in logs).
#pragma once

#include <cstdint>

#include "core/data/batch_loop.h"

namespace quantlens::cli {

// "\r<stage> done/total" on a terminal, else empty.
ProgressCallback progressLine(const char* stage);

// Batch size `batchSize`, cancellation by interruptToken(), warnings (each distinct one printed once
// per run) and progressLine(stage).
BatchLoopOptions cliBatchLoop(int64_t batchSize, const char* stage);

}  // namespace quantlens::cli
