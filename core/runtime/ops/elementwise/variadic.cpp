// Min, Max, Sum and Mean: any number of inputs, all broadcast together, folded pairwise into
// the output.
#include <array>
#include <vector>

#include "core/runtime/ops/elementwise/broadcast.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

namespace {

// out = op(...op(op(in0, in1), in2)..., inN); with `average`, out is then divided by N.
template <class Types, class Op> void runVariadic(OpContext& context, const Op& op, bool average) {
  const size_t count = context.inputCount();
  if (count == 0) throw context.error("needs at least one input");
  const Tensor& first = context.input(0);
  std::vector<const Shape*> shapes;
  for (size_t i = 0; i < count; ++i) {
    const Tensor& input = context.input(i);
    if (input.dtype() != first.dtype())
      throw context.error("input " + std::to_string(i) + " has type " +
                          std::string(dataTypeName(input.dtype())) + " but input 0 has type " +
                          std::string(dataTypeName(first.dtype())));
    shapes.push_back(&input.shape());
  }
  dispatchType(Types{}, context, first.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    const Shape outShape = broadcastShapesOrThrow(context, shapes);
    if (count == 1) {
      context.setOutput(0, first);
      return;
    }
    Tensor out(first.dtype(), outShape);
    T* result = out.data<T>();
    // Inputs 0 and 1 may each be smaller than the final shape (both repeat along some axis);
    // the plan spans the final shape, so the first step also expands them.
    broadcastBinary(BroadcastPlan(outShape, std::array{shapes[0], shapes[1]}),
                    context.input(0).data<T>(), context.input(1).data<T>(), result, op);
    for (size_t i = 2; i < count; ++i) {
      const BroadcastPlan plan(outShape, std::array{&outShape, shapes[i]});
      broadcastBinary(plan, static_cast<const T*>(result), context.input(i).data<T>(), result, op);
    }
    if (average) {
      const auto divisor = static_cast<T>(count);
      for (T& v : out.values<T>()) v /= divisor;
    }
    context.setOutput(0, std::move(out));
  });
}

// Both propagate NaN like numpy's minimum/maximum: a NaN in either operand wins.
constexpr auto kMin = [](auto a, auto b) { return (b < a || b != b) ? b : a; };
constexpr auto kMax = [](auto a, auto b) { return (b > a || b != b) ? b : a; };
constexpr auto kPlus = [](auto a, auto b) { return a + b; };

}  // namespace

void minKernel(OpContext& context) { runVariadic<NumericTypes>(context, kMin, false); }

void maxKernel(OpContext& context) { runVariadic<NumericTypes>(context, kMax, false); }

void sumKernel(OpContext& context) { runVariadic<FloatTypes>(context, kPlus, false); }

void meanKernel(OpContext& context) { runVariadic<FloatTypes>(context, kPlus, true); }

}  // namespace quantlens
