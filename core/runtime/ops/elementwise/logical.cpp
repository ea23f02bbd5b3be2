// Not, And, Or and Xor on bool tensors (And, Or and Xor broadcast).
#include "core/runtime/ops/elementwise/binary_kernel.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/unary_kernel.h"

namespace quantlens {

void notKernel(OpContext& context) {
  runUnary<BoolTypes>(context, [](bool x) { return !x; });
}

void andKernel(OpContext& context) {
  runBinary<BoolTypes>(context, [](bool a, bool b) { return a && b; });
}

void orKernel(OpContext& context) {
  runBinary<BoolTypes>(context, [](bool a, bool b) { return a || b; });
}

void xorKernel(OpContext& context) {
  runBinary<BoolTypes>(context, [](bool a, bool b) { return a != b; });
}

}  // namespace quantlens
