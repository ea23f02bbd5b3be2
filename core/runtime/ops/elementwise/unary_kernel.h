// The one loop behind every unary elementwise operator: out[i] = op(x[i]) for each accepted type.
#pragma once

#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

// Runs op on input 0 into output 0 (same shape). `op` is a generic callable, inlined into the
// loop; the output type is what op returns for the input type (T for math, bool for predicates).
template <class Types, class Op> void runUnary(OpContext& context, const Op& op) {
  const Tensor& x = context.input(0);
  dispatchType(Types{}, context, x.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    using R = decltype(op(T{}));
    Tensor out(dataTypeOf<R>(), x.shape());
    const T* src = x.data<T>();
    R* dst = out.data<R>();
    const int64_t count = x.numel();
    for (int64_t i = 0; i < count; ++i) dst[i] = op(src[i]);
    context.setOutput(0, std::move(out));
  });
}

}  // namespace quantlens
