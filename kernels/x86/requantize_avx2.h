// AVX2 requantization, 32 accumulators per step: cvtdq2ps, mulps, clamp, cvtps2dq (round half to even), pack.
#pragma once

#include <cstdint>

#include "kernels/requantize.h"

namespace quantlens::kernels {

void requantizeToU8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, uint8_t* out);
void requantizeToS8Avx2(const int32_t* acc, int64_t channels, int64_t plane, const Requantization& r, int8_t* out);

}  // namespace quantlens::kernels
