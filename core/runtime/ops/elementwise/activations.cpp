// Relu, LeakyRelu, PRelu, ThresholdedRelu, Shrink, HardSigmoid and HardSwish: the
// piecewise-linear activations.
#include <array>

#include "core/runtime/ops/elementwise/broadcast.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/integer_wrap.h"
#include "core/runtime/ops/elementwise/unary_kernel.h"

namespace quantlens {

namespace {

// PRelu (opset 16) accepts unsigned types too, where it is the identity; those are refused
// rather than instantiated for a model nobody writes.
using PReluTypes = TypeList<float, double, int32_t, int64_t>;

// PRelu before opset 7 had no broadcasting rule: a 1-D slope of C values was one per channel
// (axis 1), as the exporters of the time wrote it. Returns the equivalent numpy-broadcast shape
// [C, 1, ..., 1]; any other slope keeps its shape.
Shape legacySlopeShape(const OpContext& context, const Shape& x, const Shape& slope) {
  const bool legacy = context.opset() > 0 && context.opset() < 7;
  if (!legacy || slope.size() != 1 || x.size() < 2 || slope[0] != x[1]) return slope;
  Shape perChannel(x.size() - 1, 1);
  perChannel[0] = slope[0];
  return perChannel;
}

// clamp(v, 0, 1) written so that NaN passes through (std::clamp would turn it into a bound).
template <class T> T clampUnit(T v) {
  const T raised = v < T{0} ? T{0} : v;
  return raised > T{1} ? T{1} : raised;
}

}  // namespace

void reluKernel(OpContext& context) {
  runUnary<SignedTypes>(context, [](auto x) { return x < decltype(x){0} ? decltype(x){0} : x; });
}

void leakyReluKernel(OpContext& context) {
  const float alpha = context.attributes().getFloat("alpha", 0.01f);
  runUnary<FloatTypes>(context, [alpha](auto x) {
    using T = decltype(x);
    return x < T{0} ? static_cast<T>(alpha) * x : x;
  });
}

void pReluKernel(OpContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& slope = context.input(1);
  if (slope.dtype() != x.dtype())
    throw context.error("slope has type " + std::string(dataTypeName(slope.dtype())) +
                        " but the input has type " + std::string(dataTypeName(x.dtype())));
  // The slope broadcasts to X in one direction only: the output keeps X's shape.
  const Shape slopeShape = legacySlopeShape(context, x.shape(), slope.shape());
  const std::array<const Shape*, 2> shapes{&x.shape(), &slopeShape};
  const auto outShape = broadcastShapes(shapes);
  if (!outShape || *outShape != x.shape())
    throw context.error("slope of shape " + shapeToString(slope.shape()) +
                        " does not broadcast to the input shape " + shapeToString(x.shape()));
  dispatchType(PReluTypes{}, context, x.dtype(), "input", [&](auto tag) {
    using T = decltype(tag);
    Tensor out(x.dtype(), x.shape());
    broadcastBinary(BroadcastPlan(x.shape(), shapes), x.data<T>(), slope.data<T>(), out.data<T>(),
                    [](T v, T s) { return v < T{0} ? wrappingMul(s, v) : v; });
    context.setOutput(0, std::move(out));
  });
}

void thresholdedReluKernel(OpContext& context) {
  const float alpha = context.attributes().getFloat("alpha", 1.0f);
  runUnary<FloatTypes>(context, [alpha](auto x) {
    using T = decltype(x);
    return x > static_cast<T>(alpha) ? x : T{0};
  });
}

void shrinkKernel(OpContext& context) {
  // x + bias below -lambd, x - bias above lambd, 0 in between.
  const float bias = context.attributes().getFloat("bias", 0.0f);
  const float lambd = context.attributes().getFloat("lambd", 0.5f);
  runUnary<FloatTypes>(context, [bias, lambd](auto x) {
    using T = decltype(x);
    const T b = static_cast<T>(bias), l = static_cast<T>(lambd);
    const T upper = x > l ? x - b : T{0};
    return x < -l ? x + b : upper;
  });
}

void hardSigmoidKernel(OpContext& context) {
  const float alpha = context.attributes().getFloat("alpha", 0.2f);
  const float beta = context.attributes().getFloat("beta", 0.5f);
  runUnary<FloatTypes>(context, [alpha, beta](auto x) {
    using T = decltype(x);
    return clampUnit(static_cast<T>(alpha) * x + static_cast<T>(beta));
  });
}

void hardSwishKernel(OpContext& context) {
  // x * HardSigmoid(x) with alpha = 1/6 and beta = 0.5, as the ONNX definition fixes them.
  runUnary<FloatTypes>(context, [](auto x) {
    using T = decltype(x);
    return x * clampUnit(x * static_cast<T>(1.0 / 6.0) + T{0.5});
  });
}

}  // namespace quantlens
