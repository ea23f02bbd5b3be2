// Which instruction set the dispatched kernels run: detected once at run time, overridable for tests.
#pragma once

namespace quantlens::kernels {

// Reference: plain C++ built for baseline x86-64 (and any other CPU). Avx2: the x86/ kernels, which
// need AVX2 and FMA.
enum class KernelIsa { Reference, Avx2 };

// What this CPU supports: __builtin_cpu_supports("avx2") and ("fma"), checked once.
bool cpuSupportsAvx2();

// The instruction set dispatched kernels use now: the best the CPU supports unless overridden.
KernelIsa activeKernelIsa();

// Forces dispatched kernels onto `isa` (tests and benchmarks compare paths with it); Avx2 on a CPU
// without it stays Reference. Not meant to be flipped
// while other threads run kernels.
void overrideKernelIsa(KernelIsa isa);
void clearKernelIsaOverride();

// Sets the override for one scope and restores automatic selection after.
class ScopedKernelIsa {
public:
  explicit ScopedKernelIsa(KernelIsa isa) { overrideKernelIsa(isa); }
  ~ScopedKernelIsa() { clearKernelIsaOverride(); }
  ScopedKernelIsa(const ScopedKernelIsa&) = delete;
  ScopedKernelIsa& operator=(const ScopedKernelIsa&) = delete;
};

}  // namespace quantlens::kernels
