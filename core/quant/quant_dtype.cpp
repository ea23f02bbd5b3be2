// Names, widths and code ranges of the quantization dtypes.
#include "core/quant/quant_dtype.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <charconv>

#include "core/error.h"

namespace quantlens {
namespace {

std::string lowerCase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "int<N>" / "uint<N>": the width after the prefix, or 0 when it is not a plain decimal number.
int widthAfter(std::string_view name, std::string_view prefix) {
  if (name.substr(0, prefix.size()) != prefix) return 0;
  const std::string_view digits = name.substr(prefix.size());
  if (digits.empty() || digits.size() > 2 || digits.front() == '0') return 0;
  int bits = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return bits;
}

}  // namespace

QuantDtypeWidth parseQuantDtype(std::string_view name) {
  const std::string key = lowerCase(name);
  if (key == "fp8e4m3") return {QuantDtype::Fp8E4M3, 8};
  if (key == "fp8e5m2") return {QuantDtype::Fp8E5M2, 8};
  if (key == "nf4") return {QuantDtype::Nf4, 4};
  const bool isUnsigned = key.starts_with("uint");
  const int bits = widthAfter(key, isUnsigned ? "uint" : "int");
  if (bits >= kMinIntegerBits && bits <= kMaxIntegerBits) {
    switch (bits) {
      case 4: return {isUnsigned ? QuantDtype::UInt4 : QuantDtype::Int4, 4};
      case 8: return {isUnsigned ? QuantDtype::UInt8 : QuantDtype::Int8, 8};
      case 16: return {isUnsigned ? QuantDtype::UInt16 : QuantDtype::Int16, 16};
      default: return {isUnsigned ? QuantDtype::UIntN : QuantDtype::IntN, bits};
    }
  }
  throw Error("quantization dtype '" + std::string(name) +
              "' is not valid: expected int8, uint8, int4, uint4, int16, uint16, int<N> or "
              "uint<N> with N in 2..16, fp8e4m3, fp8e5m2 or nf4");
}

std::string quantDtypeName(QuantDtype dtype, int bits) {
  switch (dtype) {
    case QuantDtype::Fp8E4M3: return "fp8e4m3";
    case QuantDtype::Fp8E5M2: return "fp8e5m2";
    case QuantDtype::Nf4: return "nf4";
    case QuantDtype::Int8: case QuantDtype::Int4: case QuantDtype::Int16: case QuantDtype::IntN:
      return "int" + std::to_string(bits);
    case QuantDtype::UInt8: case QuantDtype::UInt4: case QuantDtype::UInt16: case QuantDtype::UIntN:
      return "uint" + std::to_string(bits);
  }
  return "unknown";
}

int defaultBits(QuantDtype dtype) {
  switch (dtype) {
    case QuantDtype::Int4: case QuantDtype::UInt4: case QuantDtype::Nf4: return 4;
    case QuantDtype::Int16: case QuantDtype::UInt16: return 16;
    case QuantDtype::Int8: case QuantDtype::UInt8: case QuantDtype::IntN: case QuantDtype::UIntN:
    case QuantDtype::Fp8E4M3: case QuantDtype::Fp8E5M2:
      return 8;
  }
  return 8;
}

bool isIntegerDtype(QuantDtype dtype) {
  return dtype != QuantDtype::Fp8E4M3 && dtype != QuantDtype::Fp8E5M2 && dtype != QuantDtype::Nf4;
}

bool isSignedDtype(QuantDtype dtype) {
  switch (dtype) {
    case QuantDtype::UInt8: case QuantDtype::UInt4: case QuantDtype::UInt16: case QuantDtype::UIntN:
      return false;
    default: return true;
  }
}

bool isFloat8Dtype(QuantDtype dtype) {
  return dtype == QuantDtype::Fp8E4M3 || dtype == QuantDtype::Fp8E5M2;
}

int32_t integerTypeMin(QuantDtype dtype, int bits) {
  assert(isIntegerDtype(dtype) && bits >= kMinIntegerBits && bits <= kMaxIntegerBits);
  return isSignedDtype(dtype) ? -(int32_t{1} << (bits - 1)) : 0;
}

int32_t integerTypeMax(QuantDtype dtype, int bits) {
  assert(isIntegerDtype(dtype) && bits >= kMinIntegerBits && bits <= kMaxIntegerBits);
  return isSignedDtype(dtype) ? (int32_t{1} << (bits - 1)) - 1 : (int32_t{1} << bits) - 1;
}

DataType codeDataType(QuantDtype dtype, int bits) {
  if (!isIntegerDtype(dtype)) return DataType::UInt8;
  if (bits <= 8) return isSignedDtype(dtype) ? DataType::Int8 : DataType::UInt8;
  return isSignedDtype(dtype) ? DataType::Int16 : DataType::UInt16;
}

}  // namespace quantlens
