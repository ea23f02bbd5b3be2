// The builtin backward table: one line per differentiable operator.
#include "core/train/ops/grad_ops.h"

namespace quantlens {

void registerGradOps(GradRegistry& registry) {
  registry.add("Conv", grad::convBackward);
  registry.add("Gemm", grad::gemmBackward);
  registry.add("MatMul", grad::matMulBackward);
  registry.add("Relu", grad::reluBackward);
  registry.add("Clip", grad::clipBackward);
  registry.add("HardSwish", grad::hardSwishBackward);
  registry.add("HardSigmoid", grad::hardSigmoidBackward);
  registry.add("Sigmoid", grad::sigmoidBackward);
  registry.add("MaxPool", grad::maxPoolBackward);
  registry.add("AveragePool", grad::averagePoolBackward);
  registry.add("GlobalAveragePool", grad::globalAveragePoolBackward);
  registry.add("Add", grad::addBackward);
  registry.add("Sub", grad::subBackward);
  registry.add("Mul", grad::mulBackward);
  registry.add("Concat", grad::concatBackward);
  registry.add("Flatten", grad::reshapeLikeBackward);
  registry.add("Reshape", grad::reshapeLikeBackward);
  registry.add("Squeeze", grad::reshapeLikeBackward);
  registry.add("Unsqueeze", grad::reshapeLikeBackward);
}

}  // namespace quantlens
