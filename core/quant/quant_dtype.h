// The number formats QuantLens quantizes to: integer widths, FP8 and NF4, with their CLI/JSON names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/tensor/data_type.h"

namespace quantlens {

enum class QuantDtype {
  Int8,
  UInt8,
  Int4,
  UInt4,
  Int16,
  UInt16,
  IntN,     // signed integer of 2..16 bits other than 4, 8, 16 (bits kept in QuantScheme::bits)
  UIntN,    // unsigned integer of 2..16 bits other than 4, 8, 16
  Fp8E4M3,  // OCP/ONNX FLOAT8E4M3FN: bias 7, max 448, no infinities
  Fp8E5M2,  // OCP/ONNX FLOAT8E5M2: bias 15, max 57344, IEEE-like inf/NaN
  Nf4,      // bitsandbytes NormalFloat4: 16 fixed code values times a per-block absmax
};

// A dtype together with its width: "int3" is {IntN, 3}, "int8" is {Int8, 8}.
struct QuantDtypeWidth {
  QuantDtype dtype = QuantDtype::Int8;
  int bits = 8;
};

inline constexpr int kMinIntegerBits = 2;
inline constexpr int kMaxIntegerBits = 16;

// Parses the CLI names: int8, uint8, int4, uint4, int16, uint16, int<N>/uint<N> with N in 2..16,
// fp8e4m3, fp8e5m2, nf4 (case-insensitive). Throws Error naming the value and the accepted set.
QuantDtypeWidth parseQuantDtype(std::string_view name);
// The CLI/JSON name: "int8", "uint3", "fp8e4m3", "nf4".
std::string quantDtypeName(QuantDtype dtype, int bits);
// The width a dtype has unless it is IntN/UIntN (whose width is chosen).
int defaultBits(QuantDtype dtype);

bool isIntegerDtype(QuantDtype dtype);  // the uniform affine formats (everything but FP8 and NF4)
bool isSignedDtype(QuantDtype dtype);   // signed integers, FP8 and NF4 (which have negative codes)
bool isFloat8Dtype(QuantDtype dtype);

// Smallest / largest integer code of an integer dtype of `bits` bits: [-2^(b-1), 2^(b-1)-1] or
// [0, 2^b-1].
int32_t integerTypeMin(QuantDtype dtype, int bits);
int32_t integerTypeMax(QuantDtype dtype, int bits);

// Element type of a tensor of codes: int8/uint8 up to 8 bits (4-bit and narrower codes stay one per
// byte; pack them with packNibbles), int16/uint16 above; FP8 as raw uint8 bit patterns, NF4 as
// uint8 code indices 0..15.
DataType codeDataType(QuantDtype dtype, int bits);

}  // namespace quantlens
