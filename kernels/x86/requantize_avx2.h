// AVX2 requantization, 32 accumulators per step: cvtdq2ps, mulps, clamp, cvtps2dq (round half to even), pack.
#pragma once

#include <cstdint>

#include "kernels/requantize.h"

namespace quantlens::kernels {

void requantizeToU8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, uint8_t* out);
void requantizeToS8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, int8_t* out);
// requantizeRunsToU8: 16 values per step; a run's last step may read up to 15 accumulators and write
// up to 15 bytes past the run when those still lie inside acc's and out's ranges (the bytes written
// belong to later runs, which overwrite them).
void requantizeRunsToU8Avx2(const int32_t* acc, int64_t channels, int64_t channelStride, int64_t runs,
                            int64_t runStride, int64_t width, const Requantization& r, uint8_t* out);

}  // namespace quantlens::kernels
