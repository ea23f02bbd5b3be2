// Registers the nn operators.
#include "core/runtime/op_registry.h"
#include "core/runtime/ops/builtin_ops.h"
#include "core/runtime/ops/nn/nn_ops.h"

namespace quantlens {

void registerNnOps(OpRegistry& registry) {
  registry.add("Conv", nn::runConv);
  registry.add("ConvTranspose", nn::runConvTranspose);
  registry.add("Gemm", nn::runGemm);
  registry.add("MatMul", nn::runMatMul);
  registry.add("MaxPool", nn::runMaxPool);
  registry.add("AveragePool", nn::runAveragePool);
  registry.add("GlobalAveragePool", nn::runGlobalAveragePool);
  registry.add("GlobalMaxPool", nn::runGlobalMaxPool);
  registry.add("BatchNormalization", nn::runBatchNormalization);
  registry.add("InstanceNormalization", nn::runInstanceNormalization);
  registry.add("LRN", nn::runLrn);
}

}  // namespace quantlens
