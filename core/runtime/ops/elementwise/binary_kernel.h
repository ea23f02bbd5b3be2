// The one driver behind every two-input broadcasting operator (arithmetic, comparison, logic).
#pragma once

#include <array>

#include "core/runtime/ops/elementwise/broadcast.h"
#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

// Output 0 = op(input 0, input 1) with numpy broadcasting; both inputs have one type from
// `Types`, and the output type is what op returns for it (T for arithmetic, bool for Less).
template <class Types, class Op> void runBinary(OpContext& context, const Op& op) {
  const Tensor& a = context.input(0);
  const Tensor& b = context.input(1);
  if (a.dtype() != b.dtype())
    throw context.error("inputs have different types " + std::string(dataTypeName(a.dtype())) +
                        " and " + std::string(dataTypeName(b.dtype())));
  dispatchType(Types{}, context, a.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    using R = decltype(op(T{}, T{}));
    const Shape bShape = legacyBroadcastShape(context, a.shape(), b.shape());
    const std::array<const Shape*, 2> shapes{&a.shape(), &bShape};
    const Shape outShape = broadcastShapesOrThrow(context, shapes);
    Tensor out(dataTypeOf<R>(), outShape);
    broadcastBinary(BroadcastPlan(outShape, shapes), a.data<T>(), b.data<T>(), out.data<R>(), op);
    context.setOutput(0, std::move(out));
  });
}

}  // namespace quantlens
