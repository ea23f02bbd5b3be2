// Add, Sub and Mul backward with numpy broadcasting: each operand's gradient is summed back
// over the axes it was broadcast along.
#include "core/runtime/ops/elementwise/broadcast.h"
#include "core/train/ops/grad_ops.h"
#include "core/train/ops/reduce_to_shape.h"

namespace quantlens::grad {
namespace {

void requireFloatOperands(const BackwardContext& context) {
  for (size_t i = 0; i < 2; ++i)
    if (context.input(i).dtype() != DataType::Float32)
      throw context.unsupported("input " + std::to_string(i) + " has element type " +
                                std::string(dataTypeName(context.input(i).dtype())) +
                                "; only float32 is differentiated");
}

// d(a ± b): dA = reduce(dY), dB = ±reduce(dY).
void sumBackward(BackwardContext& context, float signB) {
  requireFloatOperands(context);
  const Tensor& dy = context.outputGrad();
  if (context.wantsGrad(0)) context.setInputGrad(0, reduceToShape(dy, context.input(0).shape()));
  if (context.wantsGrad(1)) {
    Tensor db = reduceToShape(dy, context.input(1).shape());
    if (signB != 1.0f)
      for (float& v : db.values<float>()) v *= signB;
    context.setInputGrad(1, std::move(db));
  }
}

// dY ⊙ broadcast(other), still in the output's shape.
Tensor timesBroadcast(const Tensor& dy, const Tensor& other) {
  Tensor product(DataType::Float32, dy.shape());
  const Shape* shapes[] = {&dy.shape(), &other.shape()};
  const BroadcastPlan plan(dy.shape(), shapes);
  broadcastBinary(plan, dy.data<float>(), other.data<float>(), product.data<float>(),
                  [](float g, float v) { return g * v; });
  return product;
}

}  // namespace

void addBackward(BackwardContext& context) { sumBackward(context, 1.0f); }
void subBackward(BackwardContext& context) { sumBackward(context, -1.0f); }

void mulBackward(BackwardContext& context) {
  requireFloatOperands(context);
  const Tensor& a = context.input(0);
  const Tensor& b = context.input(1);
  const Tensor& dy = context.outputGrad();
  if (context.wantsGrad(0)) context.setInputGrad(0, reduceToShape(timesBroadcast(dy, b), a.shape()));
  if (context.wantsGrad(1)) context.setInputGrad(1, reduceToShape(timesBroadcast(dy, a), b.shape()));
}

}  // namespace quantlens::grad
