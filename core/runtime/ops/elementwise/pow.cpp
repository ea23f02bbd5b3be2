// Pow (opset 15): base and exponent broadcast together and may have different types; the result
// has the base's type.
#include <array>
#include <cmath>
#include <type_traits>

#include "core/runtime/ops/elementwise/broadcast.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/integer_wrap.h"
#include "core/runtime/ops/elementwise/saturating_cast.h"
#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

namespace {

using PowBaseTypes = TypeList<float, double, int32_t, int64_t>;

// Integer power by repeated squaring, wrapping on overflow. A negative exponent gives the
// truncated real result: 1 for base 1, ±1 for base -1, otherwise 0.
template <class T, class E> T integerPow(T base, E exponent) {
  if constexpr (std::is_signed_v<E>) {
    if (exponent < 0) {
      if (base == 1) return 1;
      if (base == -1) return (exponent % 2 == 0) ? 1 : -1;
      return 0;
    }
  }
  using Magnitude = std::make_unsigned_t<decltype(E{} + 0)>;
  auto n = static_cast<Magnitude>(exponent);
  T result = 1;
  while (n != 0) {
    if (n & 1u) result = wrappingMul(result, base);
    base = wrappingMul(base, base);
    n >>= 1;
  }
  return result;
}

template <class T, class E> T powElement(T base, E exponent) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::pow(base, static_cast<T>(exponent));
  } else if constexpr (std::is_floating_point_v<E>) {
    return saturatingCast<T>(std::pow(static_cast<double>(base), static_cast<double>(exponent)));
  } else {
    return integerPow(base, exponent);
  }
}

}  // namespace

void powKernel(OpContext& context) {
  const Tensor& base = context.input(0);
  const Tensor& exponent = context.input(1);
  const Shape exponentShape = legacyBroadcastShape(context, base.shape(), exponent.shape());
  const std::array<const Shape*, 2> shapes{&base.shape(), &exponentShape};
  dispatchType(PowBaseTypes{}, context, base.dtype(), "base", [&](auto baseTag) {
    using T = decltype(baseTag);
    dispatchType(NumericTypes{}, context, exponent.dtype(), "exponent", [&](auto exponentTag) {
      using E = decltype(exponentTag);
      const Shape outShape = broadcastShapesOrThrow(context, shapes);
      Tensor out(base.dtype(), outShape);
      const BroadcastPlan plan(outShape, shapes);
      // Squaring (variance, L2 norms) is the common case, and x * x is a multiply where pow is a
      // library call; both round the exact square once.
      if (std::is_floating_point_v<T> && exponent.numel() == 1 && exponent.valueAsDouble(0) == 2.0) {
        broadcastBinary(plan, base.data<T>(), exponent.data<E>(), out.data<T>(),
                        [](T x, E) { return static_cast<T>(x * x); });
      } else {
        broadcastBinary(plan, base.data<T>(), exponent.data<E>(), out.data<T>(),
                        [](T x, E e) { return powElement(x, e); });
      }
      context.setOutput(0, std::move(out));
    });
  });
}

}  // namespace quantlens
