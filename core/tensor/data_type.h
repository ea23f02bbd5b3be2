// Element types of tensors, numbered as ONNX's TensorProto.DataType.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace quantlens {

enum class DataType : int32_t {
  Undefined = 0,
  Float32 = 1,
  UInt8 = 2,
  Int8 = 3,
  UInt16 = 4,
  Int16 = 5,
  Int32 = 6,
  Int64 = 7,
  Bool = 9,  // stored as one byte, 0 or 1
  Float64 = 11,
  UInt32 = 12,
  UInt64 = 13,
};

// Bytes per element; 0 for Undefined.
size_t elementSize(DataType type);
std::string_view dataTypeName(DataType type);
// True for the ONNX type numbers this build can hold in a Tensor.
bool isSupportedOnnxType(int32_t onnxType);
bool isFloatingPoint(DataType type);

template <class T> constexpr DataType dataTypeOf();
template <> constexpr DataType dataTypeOf<float>() { return DataType::Float32; }
template <> constexpr DataType dataTypeOf<double>() { return DataType::Float64; }
template <> constexpr DataType dataTypeOf<uint8_t>() { return DataType::UInt8; }
template <> constexpr DataType dataTypeOf<int8_t>() { return DataType::Int8; }
template <> constexpr DataType dataTypeOf<uint16_t>() { return DataType::UInt16; }
template <> constexpr DataType dataTypeOf<int16_t>() { return DataType::Int16; }
template <> constexpr DataType dataTypeOf<int32_t>() { return DataType::Int32; }
template <> constexpr DataType dataTypeOf<int64_t>() { return DataType::Int64; }
template <> constexpr DataType dataTypeOf<uint32_t>() { return DataType::UInt32; }
template <> constexpr DataType dataTypeOf<uint64_t>() { return DataType::UInt64; }
template <> constexpr DataType dataTypeOf<bool>() { return DataType::Bool; }

// Calls fn(T{}) with T the C++ type of `type` (Bool as bool); asserts on Undefined.
template <class Fn> decltype(auto) visitDataType(DataType type, Fn&& fn) {
  switch (type) {
    case DataType::Float32: return fn(float{});
    case DataType::Float64: return fn(double{});
    case DataType::UInt8: return fn(uint8_t{});
    case DataType::Int8: return fn(int8_t{});
    case DataType::UInt16: return fn(uint16_t{});
    case DataType::Int16: return fn(int16_t{});
    case DataType::Int32: return fn(int32_t{});
    case DataType::Int64: return fn(int64_t{});
    case DataType::UInt32: return fn(uint32_t{});
    case DataType::UInt64: return fn(uint64_t{});
    case DataType::Bool: return fn(bool{});
    case DataType::Undefined: break;
  }
  __builtin_unreachable();
}

}  // namespace quantlens
