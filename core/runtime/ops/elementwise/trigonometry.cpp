// The trigonometric and hyperbolic operators and their inverses (float types), one line each.
#include <cmath>

#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/unary_kernel.h"

namespace quantlens {

void sinKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::sin(x); }); }
void cosKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::cos(x); }); }
void tanKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::tan(x); }); }
void asinKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::asin(x); }); }
void acosKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::acos(x); }); }
void atanKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::atan(x); }); }
void sinhKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::sinh(x); }); }
void coshKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::cosh(x); }); }
void asinhKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::asinh(x); }); }
void acoshKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::acosh(x); }); }
void atanhKernel(OpContext& context) { runUnary<FloatTypes>(context, [](auto x) { return std::atanh(x); }); }

}  // namespace quantlens
