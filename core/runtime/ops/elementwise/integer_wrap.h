// Integer arithmetic that wraps on overflow as two's-complement hardware does, where plain C++
// signed overflow would be undefined; for floating-point types it is the ordinary operation.
#pragma once

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

}  // namespace quantlens
