// Conversion between ONNX TensorProto (initializers, Constant values, .pb test files) and Tensor.
#pragma once

#include <filesystem>
#include <string>

#include "core/tensor/tensor.h"

namespace onnx {
class TensorProto;
}

namespace quantlens {

// Reads a TensorProto's elements, from raw_data, the typed fields or external data. External
// data is read only from files inside `modelDir`; anything else is refused with an Error.
// INT4/UINT4 come back unpacked as int8/uint8 codes (one per element, same values).
Tensor tensorFromProto(const onnx::TensorProto& proto, const std::filesystem::path& modelDir = {});
// Whether a TensorProto data type is INT4 or UINT4 (held unpacked, see tensorFromProto).
bool isFourBitOnnxType(int32_t onnxType);
void tensorToProto(const Tensor& tensor, const std::string& name, onnx::TensorProto& proto);

// One TensorProto serialized to a file (the ONNX backend tests' input_0.pb / output_0.pb).
Tensor readTensorFile(const std::filesystem::path& path);
void writeTensorFile(const Tensor& tensor, const std::string& name, const std::filesystem::path& path);

}  // namespace quantlens
