// Registers the quantization operators.
#include "core/runtime/op_registry.h"
#include "core/runtime/ops/builtin_ops.h"
#include "core/runtime/ops/quant/quant_ops.h"

namespace quantlens {

void registerQuantOps(OpRegistry& registry) {
  registry.add("QuantizeLinear", qdq::runQuantizeLinear);
  registry.add("DequantizeLinear", qdq::runDequantizeLinear);
}

}  // namespace quantlens
