// FP8 E4M3FN and E5M2 conversion from float, per the ONNX float8 note and the OCP FP8 formats.
#pragma once

#include <cstdint>

namespace quantlens {

enum class Fp8Format {
  E4M3Fn,  // 1 sign, 4 exponent (bias 7), 3 mantissa bits; S.1111.111 is NaN, no infinities
  E5M2,    // 1 sign, 5 exponent (bias 15), 2 mantissa bits; IEEE-like infinities and NaNs
};

// Largest finite value: 448 (S.1111.110) for E4M3FN, 57344 (S.11110.11) for E5M2.
float fp8MaxValue(Fp8Format format);

// Rounds to nearest, ties to even (also at the top edge: 464 → 448 in E4M3FN). Saturating (ONNX
// QuantizeLinear's default saturate=1): ±inf and anything rounding above the maximum become ±max.
// Not saturating (ONNX saturate=0, PyTorch .to(float8)): E4M3FN overflow becomes NaN, E5M2
// overflow becomes ±inf. NaN stays NaN (0x7F with the input's sign bit) either way. Inputs below
// FLT_MIN (float32 subnormals) are far below half the smallest FP8 subnormal and become ±0.
uint8_t encodeFp8(float value, Fp8Format format, bool saturate = true);
float decodeFp8(uint8_t bits, Fp8Format format);

}  // namespace quantlens
