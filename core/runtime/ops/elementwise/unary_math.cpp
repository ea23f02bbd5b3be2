// The unary math operators: one line each over the shared unary loop.
#include <cmath>
#include <type_traits>

#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/integer_wrap.h"
#include "core/runtime/ops/elementwise/unary_kernel.h"

namespace quantlens {

void absKernel(OpContext& context) {
  runUnary<NumericTypes>(context, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_unsigned_v<T>) {
      return x;
    } else {
      return x < T{0} ? wrappingNeg(x) : x;  // std::abs(INT_MIN) is undefined; this wraps
    }
  });
}

void negKernel(OpContext& context) {
  runUnary<SignedTypes>(context, [](auto x) { return wrappingNeg(x); });
}

void sqrtKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::sqrt(x); });
}

void expKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::exp(x); });
}

void logKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::log(x); });
}

void reciprocalKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return decltype(x){1} / x; });
}

void floorKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::floor(x); });
}

void ceilKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::ceil(x); });
}

void erfKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::erf(x); });
}

void tanhKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) { return std::tanh(x); });
}

void signKernel(OpContext& context) {
  // -1, 0 or 1; NaN stays NaN, as numpy's sign gives.
  runUnary<NumericTypes>(context, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_unsigned_v<T>) {
      return x > T{0} ? T{1} : T{0};
    } else {
      const T negative = x < T{0} ? static_cast<T>(-1) : x;
      return x > T{0} ? T{1} : negative;
    }
  });
}

void roundKernel(OpContext& context) {
  // Halves go to the even neighbour (2.5 -> 2): nearbyint in the default rounding mode.
  runUnary<FloatTypes>(context, [](auto x) { return std::nearbyint(x); });
}

void isNanKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) -> bool { return std::isnan(x); });
}

void isInfKernel(OpContext& context) {
  const bool negative = context.attributes().getInt("detect_negative", 1) != 0;
  const bool positive = context.attributes().getInt("detect_positive", 1) != 0;
  runUnary<FloatTypes>(context, [negative, positive](auto x) -> bool {
    return std::isinf(x) && (x < 0 ? negative : positive);
  });
}

void sigmoidKernel(OpContext& context) {
  // 1 / (1 + e^-x): for very negative x, e^-x overflows to inf and the result is a clean 0.
  runUnary<FloatTypes>(context, [](auto x) {
    using T = decltype(x);
    return T{1} / (T{1} + std::exp(-x));
  });
}

}  // namespace quantlens
