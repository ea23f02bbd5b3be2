// Ctrl-C during long work: the first SIGINT/SIGTERM asks the work to stop at the next batch (exit
// code 4); a second one ends the process at once.
#pragma once

#include "core/progress.h"

namespace quantlens::cli {

// Installs the handlers (once) and returns the token they set.
const CancellationToken& interruptToken();

}  // namespace quantlens::cli
