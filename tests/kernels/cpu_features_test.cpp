// Kernel dispatch: the override forces the reference and is undone at the end of its scope.
#include "kernels/cpu_features.h"

#include <gtest/gtest.h>

namespace quantlens::kernels {
namespace {

TEST(KernelIsa, FollowsTheCpuUnlessOverridden) {
  const KernelIsa automatic = cpuSupportsAvx2() ? KernelIsa::Avx2 : KernelIsa::Reference;
  EXPECT_EQ(activeKernelIsa(), automatic);
  {
    const ScopedKernelIsa reference(KernelIsa::Reference);
    EXPECT_EQ(activeKernelIsa(), KernelIsa::Reference);
  }
  EXPECT_EQ(activeKernelIsa(), automatic);
  {
    // Asking for AVX2 never selects it on a CPU without it.
    const ScopedKernelIsa avx2(KernelIsa::Avx2);
    EXPECT_EQ(activeKernelIsa(), automatic);
  }
}

}  // namespace
}  // namespace quantlens::kernels
