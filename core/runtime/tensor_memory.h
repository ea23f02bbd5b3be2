// Process-wide allocator settings for the executor's pattern: big tensors allocated and freed every run.
#pragma once

namespace quantlens {

// Keeps the memory of freed tensors inside the process for the next run. By default glibc serves
// blocks above its mmap threshold (128 KB at start) with fresh mappings and gives the top of the
// heap back to the kernel after large frees, so every run touches new pages: one page fault per
// 4 KB page of most activations, about 600 faults and 10 % of the time of a batch-32 run of the
// demo model (bench/README.md). Call once at process start (the executables' and the benchmark's
// main). Without glibc's mallopt it does nothing.
void retainFreedTensorMemory();

}  // namespace quantlens
