// Broadcast-gradient reduction on the runtime's BroadcastPlan (the same row walk the forward uses).
#include "core/train/ops/reduce_to_shape.h"

#include "core/runtime/ops/elementwise/broadcast.h"

namespace quantlens::grad {

Tensor reduceToShape(const Tensor& grad, const Shape& target) {
  if (grad.shape() == target) return grad;
  Tensor out = Tensor::zeros(DataType::Float32, target);
  const Shape* shapes[] = {&target};
  const BroadcastPlan plan(grad.shape(), shapes);
  const int64_t n = plan.rowLength();
  const bool advances = plan.advancesAlongRow(0);
  const float* g = grad.data<float>();
  float* o = out.data<float>();
  plan.forEachRow([&](int64_t outOffset, const auto& in) {
    const float* row = g + outOffset;
    float* dst = o + in[0];
    if (advances) {
      for (int64_t i = 0; i < n; ++i) dst[i] += row[i];
    } else {
      // The operand repeats one element along this row: its gradient is the row's sum.
      double sum = 0.0;
      for (int64_t i = 0; i < n; ++i) sum += row[i];
      *dst += static_cast<float>(sum);
    }
  });
  return out;
}

}  // namespace quantlens::grad
