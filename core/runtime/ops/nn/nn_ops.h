// The float neural-network operator kernels (ONNX semantics, opsets 1–17), registered by registerNnOps.
#pragma once

#include "core/runtime/op_context.h"

namespace quantlens::nn {

void runConv(OpContext& context);
void runConvTranspose(OpContext& context);
void runGemm(OpContext& context);
void runMatMul(OpContext& context);
void runMaxPool(OpContext& context);
void runAveragePool(OpContext& context);
void runGlobalAveragePool(OpContext& context);
void runGlobalMaxPool(OpContext& context);
void runBatchNormalization(OpContext& context);
void runInstanceNormalization(OpContext& context);
void runLrn(OpContext& context);

}  // namespace quantlens::nn
