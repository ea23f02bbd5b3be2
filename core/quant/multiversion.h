// QUANTLENS_AVX2_CLONES: builds a hot loop twice, for AVX2 and for baseline x86-64, picked at load time.
#pragma once

// GCC/Clang function multiversioning (an ifunc resolver, ELF only): the "avx2" clone runs on CPUs
// that have it, the "default" one anywhere else. Neither enables FMA, so every clone rounds each
// operation exactly as the source says (no contraction), and lane-wise vector code gives identical
// results in both: only the register width differs. Other targets get the plain function.
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
#define QUANTLENS_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define QUANTLENS_AVX2_CLONES
#endif
