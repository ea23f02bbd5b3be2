// Float-to-integer conversion without undefined behaviour: NaN gives 0 and values beyond the
// target's range give its nearest limit (ONNX leaves these cases undefined; C++ would be UB).
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

namespace quantlens {

template <class To, class From> To saturatingCast(From value) {
  if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To> && !std::is_same_v<To, bool>) {
    if (std::isnan(value)) return To{0};
    // Both limits as doubles are exact: min is 0 or -2^(bits-1), and max + 1 is a power of two
    // (max itself would round up to it for 64-bit types).
    constexpr double kLowest = static_cast<double>(std::numeric_limits<To>::min());
    constexpr double kAboveMax = static_cast<double>(std::numeric_limits<To>::max() / 2 + 1) * 2.0;
    const double v = static_cast<double>(value);
    if (v <= kLowest) return std::numeric_limits<To>::min();
    if (v >= kAboveMax) return std::numeric_limits<To>::max();
    return static_cast<To>(value);  // truncates toward zero, now within range
  } else if constexpr (std::is_same_v<To, bool>) {
    return value != From{};
  } else {
    return static_cast<To>(value);
  }
}

}  // namespace quantlens
