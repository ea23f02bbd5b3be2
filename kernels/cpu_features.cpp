// Run-time CPU detection for kernel dispatch (this file is built for baseline x86-64).
#include "kernels/cpu_features.h"

#include <atomic>

namespace quantlens::kernels {
namespace {

// -1: no override; otherwise the KernelIsa value forced by overrideKernelIsa.
std::atomic<int> g_override{-1};

bool detectAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

}  // namespace

bool cpuSupportsAvx2() {
  static const bool supported = detectAvx2();
  return supported;
}

KernelIsa activeKernelIsa() {
  const int forced = g_override.load(std::memory_order_relaxed);
  if (forced == static_cast<int>(KernelIsa::Reference)) return KernelIsa::Reference;
  return cpuSupportsAvx2() ? KernelIsa::Avx2 : KernelIsa::Reference;
}

void overrideKernelIsa(KernelIsa isa) { g_override.store(static_cast<int>(isa), std::memory_order_relaxed); }

void clearKernelIsaOverride() { g_override.store(-1, std::memory_order_relaxed); }

}  // namespace quantlens::kernels
