// Add, Sub, Mul, Div, Mod and BitShift: the broadcasting binary arithmetic of ONNX opset 14.
#include <climits>
#include <string>

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

void modKernel(OpContext& context) {
  const int64_t fmodMode = context.attributes().getInt("fmod", 0);
  if (fmodMode != 0 && fmodMode != 1)
    throw context.error("fmod must be 0 or 1, not " + std::to_string(fmodMode));
  if (fmodMode == 1) {
    runBinary<NumericTypes>(context, [](auto a, auto b) { return truncatingRem(a, b); });
    return;
  }
  // ONNX defines the Python-style remainder (fmod = 0) for integers only.
  if (isFloatingPoint(context.input(0).dtype()))
    throw context.error("fmod must be 1 for floating-point inputs");
  runBinary<NumericTypes>(context, [](auto a, auto b) { return flooringRem(a, b); });
}

void bitShiftKernel(OpContext& context) {
  const std::string direction = context.attributes().getString("direction", "");
  if (direction != "LEFT" && direction != "RIGHT")
    throw context.error("direction must be \"LEFT\" or \"RIGHT\", not \"" + direction + "\"");
  using UnsignedTypes = TypeList<uint8_t, uint16_t, uint32_t, uint64_t>;
  // Shifting by the bit width or more is undefined in C++; every bit is shifted out, so 0.
  if (direction == "LEFT") {
    runBinary<UnsignedTypes>(context, [](auto x, auto n) {
      using T = decltype(x);
      return n >= sizeof(T) * CHAR_BIT ? T{0} : static_cast<T>(x << n);
    });
  } else {
    runBinary<UnsignedTypes>(context, [](auto x, auto n) {
      using T = decltype(x);
      return n >= sizeof(T) * CHAR_BIT ? T{0} : static_cast<T>(x >> n);
    });
  }
}

}  // namespace quantlens
