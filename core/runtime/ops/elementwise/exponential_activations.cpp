// Elu, Selu, Celu, Softplus and Softsign: the smooth activations built on exp.
#include <cmath>

#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/unary_kernel.h"

namespace quantlens {

// expm1 rather than exp(x) - 1 throughout: near 0 the subtraction would cancel most digits.

void eluKernel(OpContext& context) {
  const float alpha = context.attributes().getFloat("alpha", 1.0f);
  runUnary<FloatTypes>(context, [alpha](auto x) {
    using T = decltype(x);
    return x < T{0} ? static_cast<T>(alpha) * std::expm1(x) : x;
  });
}

void seluKernel(OpContext& context) {
  // The defaults are the float32 values of the constants that make SELU self-normalizing.
  const float alpha = context.attributes().getFloat("alpha", 1.67326319217681884765625f);
  const float gamma = context.attributes().getFloat("gamma", 1.05070102214813232421875f);
  runUnary<FloatTypes>(context, [alpha, gamma](auto x) {
    using T = decltype(x);
    return static_cast<T>(gamma) * (x > T{0} ? x : static_cast<T>(alpha) * std::expm1(x));
  });
}

void celuKernel(OpContext& context) {
  // max(0, x) + min(0, alpha * (exp(x / alpha) - 1)), with selects that let NaN through.
  const float alpha = context.attributes().getFloat("alpha", 1.0f);
  if (alpha == 0.0f) throw context.error("alpha must not be 0");
  runUnary<FloatTypes>(context, [alpha](auto x) {
    using T = decltype(x);
    const auto a = static_cast<T>(alpha);
    const T curve = a * std::expm1(x / a);
    return (x > T{0} ? x : T{0}) + (curve > T{0} ? T{0} : curve);
  });
}

void softplusKernel(OpContext& context) {
  // ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|): e^x would overflow for large x.
  runUnary<FloatTypes>(context, [](auto x) {
    using T = decltype(x);
    return (x > T{0} ? x : T{0}) + std::log1p(std::exp(-std::abs(x)));
  });
}

void softsignKernel(OpContext& context) {
  runUnary<FloatTypes>(context, [](auto x) {
    using T = decltype(x);
    return x / (T{1} + std::abs(x));
  });
}

}  // namespace quantlens
