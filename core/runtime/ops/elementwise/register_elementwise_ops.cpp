// Registers the elementwise operators: one line per ONNX operator type.
#include "core/runtime/op_registry.h"
#include "core/runtime/ops/builtin_ops.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"

namespace quantlens {

void registerElementwiseOps(OpRegistry& registry) {
  registry.add("Add", addKernel);
  registry.add("Sub", subKernel);
  registry.add("Mul", mulKernel);
  registry.add("Div", divKernel);
  registry.add("Pow", powKernel);
  registry.add("Mod", modKernel);
  registry.add("BitShift", bitShiftKernel);

  registry.add("Abs", absKernel);
  registry.add("Neg", negKernel);
  registry.add("Sqrt", sqrtKernel);
  registry.add("Exp", expKernel);
  registry.add("Log", logKernel);
  registry.add("Reciprocal", reciprocalKernel);
  registry.add("Floor", floorKernel);
  registry.add("Ceil", ceilKernel);
  registry.add("Erf", erfKernel);
  registry.add("Tanh", tanhKernel);
  registry.add("Sigmoid", sigmoidKernel);
  registry.add("Sign", signKernel);
  registry.add("Round", roundKernel);
  registry.add("IsNaN", isNanKernel);
  registry.add("IsInf", isInfKernel);

  registry.add("Sin", sinKernel);
  registry.add("Cos", cosKernel);
  registry.add("Tan", tanKernel);
  registry.add("Asin", asinKernel);
  registry.add("Acos", acosKernel);
  registry.add("Atan", atanKernel);
  registry.add("Sinh", sinhKernel);
  registry.add("Cosh", coshKernel);
  registry.add("Asinh", asinhKernel);
  registry.add("Acosh", acoshKernel);
  registry.add("Atanh", atanhKernel);

  registry.add("Relu", reluKernel);
  registry.add("LeakyRelu", leakyReluKernel);
  registry.add("PRelu", pReluKernel);
  registry.add("HardSigmoid", hardSigmoidKernel);
  registry.add("HardSwish", hardSwishKernel);
  registry.add("ThresholdedRelu", thresholdedReluKernel);
  registry.add("Shrink", shrinkKernel);
  registry.add("Clip", clipKernel);
  registry.add("Elu", eluKernel);
  registry.add("Selu", seluKernel);
  registry.add("Celu", celuKernel);
  registry.add("Softplus", softplusKernel);
  registry.add("Softsign", softsignKernel);

  registry.add("Softmax", softmaxKernel);
  registry.add("LogSoftmax", logSoftmaxKernel);
  registry.add("Hardmax", hardmaxKernel);

  registry.add("Cast", castKernel);
  registry.add("CastLike", castLikeKernel);

  registry.add("Equal", equalKernel);
  registry.add("Less", lessKernel);
  registry.add("LessOrEqual", lessOrEqualKernel);
  registry.add("Greater", greaterKernel);
  registry.add("GreaterOrEqual", greaterOrEqualKernel);

  registry.add("Not", notKernel);
  registry.add("And", andKernel);
  registry.add("Or", orKernel);
  registry.add("Xor", xorKernel);
  registry.add("Where", whereKernel);

  registry.add("Min", minKernel);
  registry.add("Max", maxKernel);
  registry.add("Sum", sumKernel);
  registry.add("Mean", meanKernel);
}

}  // namespace quantlens
