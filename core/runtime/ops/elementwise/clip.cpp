// Clip (opset 13): bounds are optional one-element inputs; an absent bound does not clip.
#include <limits>

#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/saturating_cast.h"
#include "core/runtime/ops/elementwise/unary_kernel.h"

namespace quantlens {

namespace {

// The value of bound input `index` (1 = min, 2 = max), or `fallback` when absent. Clip < 11
// had the bounds as float attributes of the same names; normalizeOpsets() moves them to inputs,
// and they are read here too so a graph that skipped it still clips.
template <class T>
T boundOrDefault(const OpContext& context, size_t index, T fallback, const char* role) {
  const Tensor* bound = context.optionalInput(index);
  if (!bound) {
    if (context.attributes().has(role))
      return saturatingCast<T>(context.attributes().getFloat(role, 0.0f));
    return fallback;
  }
  if (bound->dtype() != context.input(0).dtype())
    throw context.error(std::string(role) + " has type " +
                        std::string(dataTypeName(bound->dtype())) + " but the input has type " +
                        std::string(dataTypeName(context.input(0).dtype())));
  if (bound->numel() != 1)
    throw context.error(std::string(role) + " must be a scalar but has shape " +
                        shapeToString(bound->shape()));
  return bound->data<T>()[0];
}

}  // namespace

void clipKernel(OpContext& context) {
  const Tensor& x = context.input(0);
  dispatchType(NumericTypes{}, context, x.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    // Infinite (or extreme) defaults make an absent bound a no-op without a branch per element.
    using Limits = std::numeric_limits<T>;
    const T lowest = Limits::has_infinity ? -Limits::infinity() : Limits::lowest();
    const T highest = Limits::has_infinity ? Limits::infinity() : Limits::max();
    const T lo = boundOrDefault<T>(context, 1, lowest, "min");
    const T hi = boundOrDefault<T>(context, 2, highest, "max");
    // min(max(x, lo), hi): when lo > hi every element becomes hi, as ONNX specifies; NaN stays.
    runUnary<TypeList<T>>(context, [lo, hi](T v) {
      const T raised = v < lo ? lo : v;
      return raised > hi ? hi : raised;
    });
  });
}

}  // namespace quantlens
