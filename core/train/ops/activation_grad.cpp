// Backward of the pointwise activations Relu, Clip, HardSwish, HardSigmoid and Sigmoid.
// At a kink the one-sided derivative PyTorch uses is taken (Relu passes nothing at 0, Clip
// passes at its bounds).
#include <limits>

#include "core/train/ops/grad_ops.h"

namespace quantlens::grad {
namespace {

// dX[i] = derivative(x[i], y[i]) · dY[i].
template <class Derivative>
void unaryBackward(BackwardContext& context, Derivative&& derivative) {
  if (!context.wantsGrad(0)) return;
  const Tensor& x = context.input(0);
  const Tensor& y = context.output(0);
  const Tensor& dy = context.outputGrad();
  if (x.dtype() != DataType::Float32)
    throw context.unsupported("input has element type " + std::string(dataTypeName(x.dtype())) +
                              "; only float32 is differentiated");
  Tensor dx(DataType::Float32, x.shape());
  const float* xv = x.data<float>();
  const float* yv = y.data<float>();
  const float* g = dy.data<float>();
  float* out = dx.data<float>();
  for (int64_t i = 0; i < x.numel(); ++i) out[i] = derivative(xv[i], yv[i]) * g[i];
  context.setInputGrad(0, std::move(dx));
}

// A Clip bound from input `index` (opset ≥ 11) or the attribute of the same name (older).
float clipBound(const BackwardContext& context, size_t index, const char* name, float fallback) {
  if (const Tensor* bound = context.optionalInput(index)) return bound->data<float>()[0];
  return context.attributes().getFloat(name, fallback);
}

}  // namespace

void reluBackward(BackwardContext& context) {
  unaryBackward(context, [](float x, float) { return x > 0.0f ? 1.0f : 0.0f; });
}

void clipBackward(BackwardContext& context) {
  const float lo = clipBound(context, 1, "min", -std::numeric_limits<float>::infinity());
  const float hi = clipBound(context, 2, "max", std::numeric_limits<float>::infinity());
  unaryBackward(context, [lo, hi](float x, float) { return x >= lo && x <= hi ? 1.0f : 0.0f; });
}

void hardSigmoidBackward(BackwardContext& context) {
  // y = clamp(alpha·x + beta, 0, 1): slope alpha strictly inside (0, 1).
  const float alpha = context.attributes().getFloat("alpha", 0.2f);
  const float beta = context.attributes().getFloat("beta", 0.5f);
  unaryBackward(context, [alpha, beta](float x, float) {
    const float v = alpha * x + beta;
    return v > 0.0f && v < 1.0f ? alpha : 0.0f;
  });
}

void hardSwishBackward(BackwardContext& context) {
  // y = x · clamp(x/6 + 1/2, 0, 1): 0 below −3, x/3 + 1/2 on [−3, 3], 1 above (PyTorch's
  // hardswish_backward).
  unaryBackward(context, [](float x, float) {
    if (x < -3.0f) return 0.0f;
    if (x <= 3.0f) return x / 3.0f + 0.5f;
    return 1.0f;
  });
}

void sigmoidBackward(BackwardContext& context) {
  unaryBackward(context, [](float, float y) { return y * (1.0f - y); });
}

}  // namespace quantlens::grad
