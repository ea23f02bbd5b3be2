// Registration of every built-in operator, one function per operator family.
#pragma once

namespace quantlens {

class OpRegistry;

void registerElementwiseOps(OpRegistry& registry);  // core/runtime/ops/elementwise/
void registerNnOps(OpRegistry& registry);           // core/runtime/ops/nn/
void registerShapeOps(OpRegistry& registry);        // core/runtime/ops/shape/
void registerQuantOps(OpRegistry& registry);        // core/runtime/ops/quant/

inline void registerBuiltinOps(OpRegistry& registry) {
  registerElementwiseOps(registry);
  registerNnOps(registry);
  registerShapeOps(registry);
  registerQuantOps(registry);
}

}  // namespace quantlens
