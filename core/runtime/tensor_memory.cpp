// glibc malloc tuning so tensor memory freed by one run is reused by the next.
#include "core/runtime/tensor_memory.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace quantlens {

namespace {

// Blocks up to 32 MB (glibc's largest mmap threshold) come from the heap and are recycled; bigger
// ones are rare and cost enough compute that their page faults do not matter.
constexpr int kMmapThresholdBytes = 32 << 20;
// The heap top is returned to the kernel only beyond 256 MB of free space: a process keeps at most
// the peak it already needed, and the GUI's next calibration batch needs it again.
constexpr int kTrimThresholdBytes = 256 << 20;

}  // namespace

void retainFreedTensorMemory() {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)  // glibc
  mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
  mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes);
#endif
}

}  // namespace quantlens
