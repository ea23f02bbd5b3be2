// Cast and CastLike: element type conversion between every type a Tensor holds.
#include <string>
#include <utility>
#include <variant>

#include "core/runtime/ops/elementwise/elementwise_kernels.h"
#include "core/runtime/ops/elementwise/saturating_cast.h"
#include "core/runtime/ops/elementwise/type_dispatch.h"

namespace quantlens {

namespace {

// ONNX TensorProto types a Tensor cannot hold, named so the refusal says what was asked for.
std::string onnxTypeName(int64_t onnxType) {
  switch (onnxType) {
    case 8: return "string";
    case 10: return "float16";
    case 14: return "complex64";
    case 15: return "complex128";
    case 16: return "bfloat16";
    case 17: case 18: case 19: case 20: return "float8";
    case 21: return "uint4";
    case 22: return "int4";
    default: return "unknown type " + std::to_string(onnxType);
  }
}

// Float to integer truncates toward zero (C++ conversion) and saturates where C++ would be
// undefined; integer to integer wraps; anything to bool is x != 0.
void castTo(OpContext& context, const Tensor& x, DataType target) {
  if (x.dtype() == target) {
    context.setOutput(0, x);
    return;
  }
  dispatchType(AllTypes{}, context, x.dtype(), "input", [&](auto fromTag) {
    using From = decltype(fromTag);
    dispatchType(AllTypes{}, context, target, "target", [&](auto toTag) {
      using To = decltype(toTag);
      Tensor out(target, x.shape());
      const From* src = x.data<From>();
      To* dst = out.data<To>();
      const int64_t count = x.numel();
      for (int64_t i = 0; i < count; ++i) dst[i] = saturatingCast<To>(src[i]);
      context.setOutput(0, std::move(out));
    });
  });
}

// Cast-1 named the target type with a string ("FLOAT"); later opsets use the TensorProto number.
int64_t onnxTypeFromName(const OpContext& context, const std::string& name) {
  static const std::pair<const char*, int64_t> kNames[] = {
      {"FLOAT", 1},   {"UINT8", 2},  {"INT8", 3},     {"UINT16", 4},  {"INT16", 5},
      {"INT32", 6},   {"INT64", 7},  {"STRING", 8},   {"BOOL", 9},    {"FLOAT16", 10},
      {"DOUBLE", 11}, {"UINT32", 12}, {"UINT64", 13}, {"BFLOAT16", 16}};
  for (const auto& [typeName, number] : kNames)
    if (name == typeName) return number;
  throw context.error("attribute 'to' names no ONNX type: '" + name + "'");
}

}  // namespace

void castKernel(OpContext& context) {
  const auto& all = context.attributes().all();
  const auto found = all.find("to");
  if (found == all.end()) throw context.error("attribute 'to' is required");
  const auto* name = std::get_if<std::string>(&found->second);
  const int64_t to = name ? onnxTypeFromName(context, *name) : context.attributes().getInt("to", 0);
  if (to < 0 || to > INT32_MAX || !isSupportedOnnxType(static_cast<int32_t>(to)))
    throw context.unsupported("cast to " + onnxTypeName(to) + " is not supported");
  castTo(context, context.input(0), static_cast<DataType>(to));
}

void castLikeKernel(OpContext& context) {
  castTo(context, context.input(0), context.input(1).dtype());
}

}  // namespace quantlens
