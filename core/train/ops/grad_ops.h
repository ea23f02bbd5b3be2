// Backward kernels of the operator families and the function that registers them all.
#pragma once

#include "core/train/grad_registry.h"

namespace quantlens {
namespace grad {

void convBackward(BackwardContext& context);
void gemmBackward(BackwardContext& context);
void matMulBackward(BackwardContext& context);
void reluBackward(BackwardContext& context);
void clipBackward(BackwardContext& context);
void hardSwishBackward(BackwardContext& context);
void hardSigmoidBackward(BackwardContext& context);
void sigmoidBackward(BackwardContext& context);
void maxPoolBackward(BackwardContext& context);
void averagePoolBackward(BackwardContext& context);
void globalAveragePoolBackward(BackwardContext& context);
void addBackward(BackwardContext& context);
void subBackward(BackwardContext& context);
void mulBackward(BackwardContext& context);
void concatBackward(BackwardContext& context);
void reshapeLikeBackward(BackwardContext& context);  // Flatten, Reshape, Squeeze, Unsqueeze

}  // namespace grad

void registerGradOps(GradRegistry& registry);

}  // namespace quantlens
