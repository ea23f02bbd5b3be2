// Signal handling for the CLI.
#include "app/cli/interrupt.h"

#include <csignal>

namespace quantlens::cli {
namespace {

CancellationToken g_token;

extern "C" void onInterrupt(int signal) {
  g_token.cancel();  // a lock-free atomic store: async-signal-safe
  std::signal(signal, SIG_DFL);
}

}  // namespace

const CancellationToken& interruptToken() {
  static const bool installed = [] {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    return true;
  }();
  (void)installed;
  return g_token;
}

}  // namespace quantlens::cli
