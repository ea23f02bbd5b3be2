// Element type facts.
#include "core/tensor/data_type.h"

namespace quantlens {

size_t elementSize(DataType type) {
  if (type == DataType::Undefined) return 0;
  return visitDataType(type, [](auto v) { return sizeof(v); });
}

std::string_view dataTypeName(DataType type) {
  switch (type) {
    case DataType::Float32: return "float32";
    case DataType::Float64: return "float64";
    case DataType::UInt8: return "uint8";
    case DataType::Int8: return "int8";
    case DataType::UInt16: return "uint16";
    case DataType::Int16: return "int16";
    case DataType::Int32: return "int32";
    case DataType::Int64: return "int64";
    case DataType::UInt32: return "uint32";
    case DataType::UInt64: return "uint64";
    case DataType::Bool: return "bool";
    case DataType::Undefined: break;
  }
  return "undefined";
}

bool isSupportedOnnxType(int32_t onnxType) {
  switch (static_cast<DataType>(onnxType)) {
    case DataType::Float32: case DataType::Float64: case DataType::UInt8: case DataType::Int8:
    case DataType::UInt16: case DataType::Int16: case DataType::Int32: case DataType::Int64:
    case DataType::UInt32: case DataType::UInt64: case DataType::Bool:
      return true;
    case DataType::Undefined: break;
  }
  return false;
}

bool isFloatingPoint(DataType type) { return type == DataType::Float32 || type == DataType::Float64; }

}  // namespace quantlens
