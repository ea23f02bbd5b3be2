// FP8 encoding by rounding the float32 significand to the FP8 grid in integer arithmetic.
#include "core/quant/fp8.h"

#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace quantlens {
namespace {

struct Fp8Layout {
  int mantissaBits;
  int bias;
  uint8_t maxCode;       // magnitude code of the largest finite value
  uint8_t overflowCode;  // magnitude code of a non-saturated overflow: NaN (E4M3FN) or inf (E5M2)
};

constexpr Fp8Layout layoutOf(Fp8Format format) {
  return format == Fp8Format::E4M3Fn ? Fp8Layout{3, 7, 0x7E, 0x7F} : Fp8Layout{2, 15, 0x7B, 0x7C};
}

constexpr uint8_t kNanCode = 0x7F;  // a NaN in both formats (E5M2: exponent 11111, mantissa 11)

float decodeSlow(uint8_t bits, Fp8Format format) {
  const Fp8Layout layout = layoutOf(format);
  const bool negative = (bits & 0x80) != 0;
  const int magnitude = bits & 0x7F;
  const int exponentField = magnitude >> layout.mantissaBits;
  const int mantissa = magnitude & ((1 << layout.mantissaBits) - 1);
  float value = 0.0f;
  if (format == Fp8Format::E4M3Fn && magnitude == 0x7F) {
    value = std::numeric_limits<float>::quiet_NaN();
  } else if (format == Fp8Format::E5M2 && exponentField == 31) {
    value = mantissa == 0 ? std::numeric_limits<float>::infinity() : std::numeric_limits<float>::quiet_NaN();
  } else if (exponentField == 0) {
    // Subnormal: mantissa × 2^(1 - bias - M).
    value = std::ldexp(static_cast<float>(mantissa), 1 - layout.bias - layout.mantissaBits);
  } else {
    // Normal: (2^M + mantissa) × 2^(e - bias - M).
    value = std::ldexp(static_cast<float>((1 << layout.mantissaBits) + mantissa),
                       exponentField - layout.bias - layout.mantissaBits);
  }
  return negative ? -value : value;
}

using DecodeTable = std::array<float, 256>;

DecodeTable makeDecodeTable(Fp8Format format) {
  DecodeTable table{};
  for (int code = 0; code < 256; ++code) table[code] = decodeSlow(static_cast<uint8_t>(code), format);
  return table;
}

}  // namespace

float fp8MaxValue(Fp8Format format) { return format == Fp8Format::E4M3Fn ? 448.0f : 57344.0f; }

uint8_t encodeFp8(float value, Fp8Format format, bool saturate) {
  const Fp8Layout layout = layoutOf(format);
  const uint32_t bits = std::bit_cast<uint32_t>(value);
  const uint8_t sign = static_cast<uint8_t>((bits >> 24) & 0x80);
  const uint32_t magnitude = bits & 0x7FFFFFFFu;
  if (magnitude > 0x7F800000u) return sign | kNanCode;
  const uint8_t overflow = saturate ? layout.maxCode : layout.overflowCode;
  if (magnitude == 0x7F800000u) return sign | overflow;
  if (magnitude < 0x00800000u) return sign;  // zero or float32 subnormal: rounds to ±0

  // value = significand × 2^(exponent - 23) with a 24-bit significand (implicit bit included).
  const int exponent = static_cast<int>(magnitude >> 23) - 127;
  const uint32_t significand = (magnitude & 0x007FFFFFu) | 0x00800000u;
  // FP8 keeps M mantissa bits at exponents >= emin = 1 - bias; below that (FP8 subnormals) the
  // grid spacing stays 2^(emin - M), so one more bit is dropped per exponent step down.
  const int minExponent = 1 - layout.bias;
  int shift = 23 - layout.mantissaBits;
  if (exponent < minExponent) shift += minExponent - exponent;
  if (shift > 24) return sign;  // below half the smallest subnormal: rounds to ±0

  // Round the significand to (24 - shift) bits, ties to even.
  const uint32_t kept = significand >> shift;
  const uint32_t remainder = significand & ((1u << shift) - 1u);
  const uint32_t half = 1u << (shift - 1);
  const uint32_t rounded = kept + ((remainder > half || (remainder == half && (kept & 1u))) ? 1u : 0u);

  // Normal results: code = ((exponent - emin) << M) + rounded, since rounded carries the implicit
  // 2^M; a carry out of the mantissa (rounded == 2^(M+1)) correctly bumps the exponent field.
  // Subnormal results: the exponent field is 0 and code = rounded (2^M lands on the smallest normal).
  const int64_t code = exponent >= minExponent
                           ? (static_cast<int64_t>(exponent - minExponent) << layout.mantissaBits) + rounded
                           : static_cast<int64_t>(rounded);
  if (code > layout.maxCode) return sign | overflow;
  return sign | static_cast<uint8_t>(code);
}

float decodeFp8(uint8_t bits, Fp8Format format) {
  static const DecodeTable kE4M3 = makeDecodeTable(Fp8Format::E4M3Fn);
  static const DecodeTable kE5M2 = makeDecodeTable(Fp8Format::E5M2);
  return (format == Fp8Format::E4M3Fn ? kE4M3 : kE5M2)[bits];
}

}  // namespace quantlens
