// Registers the shape operators.
#include "core/runtime/op_registry.h"
#include "core/runtime/ops/builtin_ops.h"

namespace quantlens {

void registerShapeOps(OpRegistry& registry) { (void)registry; }

}  // namespace quantlens
