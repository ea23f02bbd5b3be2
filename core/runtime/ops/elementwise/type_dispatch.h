// The element types each elementwise kernel accepts, and the dispatch from a tensor's DataType
// to a C++ type that refuses every other type cleanly.
#pragma once

#include <cstdint>
#include <string>

#include "core/runtime/op_context.h"
#include "core/tensor/data_type.h"

namespace quantlens {

template <class... Ts> struct TypeList {};

// ONNX type constraints narrowed to what a Tensor can hold (no float16, bfloat16 or string).
using FloatTypes = TypeList<float, double>;
using SignedTypes = TypeList<float, double, int8_t, int16_t, int32_t, int64_t>;
using NumericTypes =
    TypeList<float, double, int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t>;
using AllTypes = TypeList<float, double, int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t,
                          uint32_t, uint64_t, bool>;
using BoolTypes = TypeList<bool>;

// "float32, float64": for messages listing what a kernel accepts.
template <class... Ts> std::string typeNames(TypeList<Ts...>) {
  std::string names;
  ((names += (names.empty() ? "" : ", ") + std::string(dataTypeName(dataTypeOf<Ts>()))), ...);
  return names;
}

// Calls fn(T{}) for the T in `types` whose DataType is `type`; any other type is a valid model
// this build does not run, so it is refused rather than computed approximately.
template <class... Ts, class Fn>
void dispatchType(TypeList<Ts...> types, const OpContext& context, DataType type,
                  const std::string& role, Fn&& fn) {
  const bool handled = ((type == dataTypeOf<Ts>() && (fn(Ts{}), true)) || ...);
  if (!handled)
    throw context.unsupported(role + " type " + std::string(dataTypeName(type)) +
                              " is not supported (supported: " + typeNames(types) + ")");
}

}  // namespace quantlens
