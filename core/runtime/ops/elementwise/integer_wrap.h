// Integer arithmetic that wraps on overflow as two's-complement hardware does, where plain C++
// signed overflow would be undefined; for floating-point types it is the ordinary operation.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

namespace quantlens {

namespace detail {
// Unsigned type at least as wide as int, so that small types do not promote back to signed int
// (uint16 * uint16 overflows int).
template <class T> using WrapType = std::make_unsigned_t<decltype(T{} + T{})>;
}  // namespace detail

template <class T> T wrappingAdd(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = detail::WrapType<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}

template <class T> T wrappingSub(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = detail::WrapType<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  } else {
    return a - b;
  }
}

template <class T> T wrappingMul(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = detail::WrapType<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
  } else {
    return a * b;
  }
}

template <class T> T wrappingNeg(T a) { return wrappingSub(T{0}, a); }

// Division truncating toward zero like C. ONNX leaves x / 0 and INT_MIN / -1 undefined, and
// on x86 both trap, so they give 0 and INT_MIN (the wrapped quotient) instead of crashing.
template <class T> T truncatingDiv(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) return T{0};
    if constexpr (std::is_signed_v<T>) {
      if (b == T{-1}) return wrappingNeg(a);
    }
    return static_cast<T>(a / b);
  } else {
    return a / b;
  }
}

// Remainder with the sign of the dividend (C's %, ONNX Mod with fmod = 1). x % 0 and
// INT_MIN % -1 trap on x86 and are undefined in ONNX: they give 0.
template <class T> T truncatingRem(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) return T{0};
    if constexpr (std::is_signed_v<T>) {
      if (b == T{-1}) return T{0};
    }
    return static_cast<T>(a % b);
  } else {
    return std::fmod(a, b);
  }
}

// Remainder with the sign of the divisor (Python's %, ONNX Mod with fmod = 0).
template <class T> T flooringRem(T a, T b) {
  const T r = truncatingRem(a, b);
  if constexpr (std::is_signed_v<T>) {
    if (r != T{0} && ((r < T{0}) != (b < T{0}))) return static_cast<T>(r + b);
  }
  return r;
}

}  // namespace quantlens
