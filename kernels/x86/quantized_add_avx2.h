// AVX2 quantized elementwise add: 8 lanes of the float formula of kernels/quantized_add.h per step.
#pragma once

#include <cstdint>

#include "kernels/quantized_add.h"

namespace quantlens::kernels {

void addU8Avx2(const uint8_t* a, const uint8_t* b, int64_t count, const QuantizedAdd& q, uint8_t* out);
void addS8Avx2(const int8_t* a, const int8_t* b, int64_t count, const QuantizedAdd& q, int8_t* out);

}  // namespace quantlens::kernels
