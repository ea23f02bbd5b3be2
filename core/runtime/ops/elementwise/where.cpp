// Where (opset 16): condition ? X : Y, all three broadcast together.
#include <array>

#include "core/runtime/ops/elementwise/broadcast.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

void whereKernel(OpContext& context) {
  const Tensor& condition = context.input(0);
  const Tensor& x = context.input(1);
  const Tensor& y = context.input(2);
  if (condition.dtype() != DataType::Bool)
    throw context.error("condition has type " + std::string(dataTypeName(condition.dtype())) +
                        " but must be bool");
  if (x.dtype() != y.dtype())
    throw context.error("X has type " + std::string(dataTypeName(x.dtype())) + " but Y has type " +
                        std::string(dataTypeName(y.dtype())));
  dispatchType(AllTypes{}, context, x.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    const std::array<const Shape*, 3> shapes{&condition.shape(), &x.shape(), &y.shape()};
    const Shape outShape = broadcastShapesOrThrow(context, shapes);
    Tensor out(x.dtype(), outShape);
    const BroadcastPlan plan(outShape, shapes);
    // Strides along a row are 0 or 1; Where is rare enough not to need a loop per combination.
    const int64_t n = plan.rowLength();
    const int64_t sc = plan.advancesAlongRow(0), sx = plan.advancesAlongRow(1);
    const int64_t sy = plan.advancesAlongRow(2);
    const bool* c = condition.data<bool>();
    const T* px = x.data<T>();
    const T* py = y.data<T>();
    T* po = out.data<T>();
    plan.forEachRow([&](int64_t outOffset, const auto& in) {
      for (int64_t i = 0; i < n; ++i)
        po[outOffset + i] = c[in[0] + i * sc] ? px[in[1] + i * sx] : py[in[2] + i * sy];
    });
    context.setOutput(0, std::move(out));
  });
}

}  // namespace quantlens
