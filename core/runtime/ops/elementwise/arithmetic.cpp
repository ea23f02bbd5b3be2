// Add, Sub, Mul and Div: the broadcasting binary arithmetic of ONNX opset 14.
#include "core/runtime/ops/elementwise/binary_kernel.h"
#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/integer_wrap.h"

namespace quantlens {

void addKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) { return wrappingAdd(a, b); });
}

void subKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) { return wrappingSub(a, b); });
}

void mulKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) { return wrappingMul(a, b); });
}

void divKernel(OpContext& context) {
  runBinary<NumericTypes>(context, [](auto a, auto b) { return truncatingDiv(a, b); });
}

}  // namespace quantlens
