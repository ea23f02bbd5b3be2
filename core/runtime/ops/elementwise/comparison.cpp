// Equal, Less, LessOrEqual, Greater and GreaterOrEqual: broadcasting comparisons with bool output.
#include "core/runtime/ops/elementwise/binary_kernel.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"

namespace quantlens {

void equalKernel(OpContext& context) {
  runBinary<AllTypes>(context, [](auto a, auto b) -> bool { return a == b; });
}

void lessKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) -> bool { return a < b; });
}

void lessOrEqualKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) -> bool { return a <= b; });
}

void greaterKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) -> bool { return a > b; });
}

void greaterOrEqualKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) -> bool { return a >= b; });
}

}  // namespace quantlens
