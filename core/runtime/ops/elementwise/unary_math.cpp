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

void sigmoidKernel(OpContext& context) {
  // 1 / (1 + e^-x): for very negative x, e^-x overflows to inf and the result is a clean 0.
  runUnary<FloatTypes>(context, [](auto x) {
    using T = decltype(x);
    return T{1} / (T{1} + std::exp(-x));
  });
}

}  // namespace quantlens
