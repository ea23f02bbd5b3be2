// TensorProto decoding: every storage field ONNX allows, checked against the declared shape.
#include "core/graph/tensor_proto.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include <onnx/onnx_pb.h>

#include "core/error.h"
#include "core/quant/nibble_packing.h"

namespace quantlens {
namespace {

std::string describe(const onnx::TensorProto& proto) {
  return "tensor '" + proto.name() + "'";
}

// Resolves an external-data location and refuses any path that leaves the model's folder.
std::filesystem::path externalPath(const onnx::TensorProto& proto, const std::string& location,
                                   const std::filesystem::path& modelDir) {
  namespace fs = std::filesystem;
  if (modelDir.empty())
    throw Error(describe(proto) + ": external data '" + location +
                "' cannot be read here (no model folder)");
  const fs::path relative(location);
  if (relative.is_absolute())
    throw Error(describe(proto) + ": external data location '" + location +
                "' is absolute; only files inside the model's folder are read");
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(modelDir, ec);
  const fs::path full = fs::weakly_canonical(modelDir / relative, ec);
  auto [baseEnd, fullIt] = std::mismatch(base.begin(), base.end(), full.begin(), full.end());
  if (ec || baseEnd != base.end())
    throw Error(describe(proto) + ": external data location '" + location +
                "' points outside the model's folder " + base.string() + "; refused");
  return full;
}

std::string readExternalBytes(const onnx::TensorProto& proto, const std::filesystem::path& modelDir) {
  std::string location;
  int64_t offset = 0;
  int64_t length = -1;
  for (const auto& entry : proto.external_data()) {
    if (entry.key() == "location") location = entry.value();
    else if (entry.key() == "offset") offset = std::stoll(entry.value());
    else if (entry.key() == "length") length = std::stoll(entry.value());
  }
  if (location.empty()) throw Error(describe(proto) + ": external data without a location");
  const auto path = externalPath(proto, location, modelDir);
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(describe(proto) + ": cannot open external data file " + path.string());
  file.seekg(0, std::ios::end);
  const int64_t size = file.tellg();
  if (length < 0) length = size - offset;
  if (offset < 0 || offset + length > size)
    throw Error(describe(proto) + ": external data range [" + std::to_string(offset) + ", " +
                std::to_string(offset + length) + ") exceeds " + path.string() + " (" +
                std::to_string(size) + " bytes)");
  std::string bytes(static_cast<size_t>(length), '\0');
  file.seekg(offset);
  file.read(bytes.data(), length);
  return bytes;
}

// TensorProto.DataType numbers newer than Debian's libonnx 1.12, whose DataType_Name lacks them.
constexpr int32_t kOnnxUInt4 = 21;
constexpr int32_t kOnnxInt4 = 22;

std::string onnxTypeName(int32_t type) {
  switch (type) {
    case 17: return "FLOAT8E4M3FN";
    case 18: return "FLOAT8E4M3FNUZ";
    case 19: return "FLOAT8E5M2";
    case 20: return "FLOAT8E5M2FNUZ";
    case kOnnxUInt4: return "UINT4";
    case kOnnxInt4: return "INT4";
    default: break;
  }
  const std::string name = onnx::TensorProto::DataType_Name(type);
  return name.empty() ? "number " + std::to_string(type) : name;
}

template <class T, class Field> void copyTyped(const Field& field, Tensor& tensor, const onnx::TensorProto& proto) {
  if (static_cast<int64_t>(field.size()) != tensor.numel())
    throw Error(describe(proto) + ": holds " + std::to_string(field.size()) +
                " values but its shape " + shapeToString(tensor.shape()) + " needs " +
                std::to_string(tensor.numel()));
  T* out = tensor.data<T>();
  for (int i = 0; i < field.size(); ++i) out[i] = static_cast<T>(field.Get(i));
}

// INT4/UINT4 (two elements per byte, element 2k in the low nibble) as one int8/uint8 code per element,
// as QuantLens holds 4-bit codes everywhere (quant_dtype.h codeDataType); the values are unchanged.
Tensor unpackedFourBit(const onnx::TensorProto& proto, const Shape& shape, int64_t count,
                       const std::filesystem::path& modelDir) {
  const bool isSigned = proto.data_type() == kOnnxInt4;
  if (proto.data_location() != onnx::TensorProto::EXTERNAL && !proto.has_raw_data())
    throw unsupportedError(describe(proto) + ": " + onnxTypeName(proto.data_type()) +
                           " values are read from raw_data or external data only");
  const std::string bytes =
      proto.data_location() == onnx::TensorProto::EXTERNAL ? readExternalBytes(proto, modelDir) : proto.raw_data();
  const auto expected = static_cast<size_t>((count + 1) / 2);
  if (bytes.size() != expected)
    throw Error(describe(proto) + ": has " + std::to_string(bytes.size()) + " bytes of data but " +
                onnxTypeName(proto.data_type()) + " " + shapeToString(shape) + " needs " + std::to_string(expected));
  const std::vector<uint8_t> codes = unpackNibbles(
      std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), static_cast<size_t>(count),
      NibbleOrder::FirstLow);
  Tensor tensor(isSigned ? DataType::Int8 : DataType::UInt8, shape);
  for (size_t i = 0; i < codes.size(); ++i) {
    if (isSigned) tensor.data<int8_t>()[i] = static_cast<int8_t>(codes[i] >= 8 ? codes[i] - 16 : codes[i]);
    else tensor.data<uint8_t>()[i] = codes[i];
  }
  return tensor;
}

}  // namespace

bool isFourBitOnnxType(int32_t onnxType) { return onnxType == kOnnxInt4 || onnxType == kOnnxUInt4; }

Tensor tensorFromProto(const onnx::TensorProto& proto, const std::filesystem::path& modelDir) {
  if (proto.data_type() == onnx::TensorProto::STRING)
    throw unsupportedError(describe(proto) + ": string tensors are not supported");
  if (!isSupportedOnnxType(proto.data_type()) && !isFourBitOnnxType(proto.data_type()))
    throw unsupportedError(describe(proto) + ": element type " + onnxTypeName(proto.data_type()) +
                           " is not supported");
  Shape shape(proto.dims().begin(), proto.dims().end());
  // Check the element count against the data actually present before allocating anything, so
  // a corrupt or hostile file cannot ask for terabytes.
  constexpr int64_t kMaxElements = int64_t{1} << 36;
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) throw Error(describe(proto) + ": negative dimension in " + shapeToString(shape));
    if (d > 0 && count > kMaxElements / d)
      throw Error(describe(proto) + ": shape " + shapeToString(shape) + " is implausibly large");
    count *= d;
  }
  if (isFourBitOnnxType(proto.data_type())) return unpackedFourBit(proto, shape, count, modelDir);
  const auto type = static_cast<DataType>(proto.data_type());
  const auto expectedBytes = static_cast<size_t>(count) * elementSize(type);

  const bool external = proto.data_location() == onnx::TensorProto::EXTERNAL;
  if (external || proto.has_raw_data()) {
    const std::string bytes = external ? readExternalBytes(proto, modelDir) : proto.raw_data();
    if (bytes.size() != expectedBytes)
      throw Error(describe(proto) + ": has " + std::to_string(bytes.size()) +
                  " bytes of data but " + std::string(dataTypeName(type)) + " " +
                  shapeToString(shape) + " needs " + std::to_string(expectedBytes));
    Tensor tensor(type, shape);
    std::memcpy(tensor.rawData(), bytes.data(), bytes.size());  // little-endian, as ONNX stores it
    return tensor;
  }
  const int64_t present = proto.float_data_size() + proto.double_data_size() + proto.int64_data_size() +
                          proto.uint64_data_size() + proto.int32_data_size();
  if (present != count)
    throw Error(describe(proto) + ": holds " + std::to_string(present) + " values but its shape " +
                shapeToString(shape) + " needs " + std::to_string(count));
  Tensor tensor(type, shape);
  switch (type) {
    case DataType::Float32: copyTyped<float>(proto.float_data(), tensor, proto); break;
    case DataType::Float64: copyTyped<double>(proto.double_data(), tensor, proto); break;
    case DataType::Int64: copyTyped<int64_t>(proto.int64_data(), tensor, proto); break;
    case DataType::UInt32: copyTyped<uint32_t>(proto.uint64_data(), tensor, proto); break;
    case DataType::UInt64: copyTyped<uint64_t>(proto.uint64_data(), tensor, proto); break;
    case DataType::Int32: copyTyped<int32_t>(proto.int32_data(), tensor, proto); break;
    case DataType::Int16: copyTyped<int16_t>(proto.int32_data(), tensor, proto); break;
    case DataType::UInt16: copyTyped<uint16_t>(proto.int32_data(), tensor, proto); break;
    case DataType::Int8: copyTyped<int8_t>(proto.int32_data(), tensor, proto); break;
    case DataType::UInt8: copyTyped<uint8_t>(proto.int32_data(), tensor, proto); break;
    case DataType::Bool: copyTyped<bool>(proto.int32_data(), tensor, proto); break;
    case DataType::Undefined: break;
  }
  return tensor;
}

void tensorToProto(const Tensor& tensor, const std::string& name, onnx::TensorProto& proto) {
  proto.Clear();
  proto.set_name(name);
  proto.set_data_type(static_cast<int32_t>(tensor.dtype()));
  for (int64_t d : tensor.shape()) proto.add_dims(d);
  proto.set_raw_data(reinterpret_cast<const char*>(tensor.rawData()), tensor.byteCount());
}

Tensor readTensorFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error("cannot open tensor file " + path.string());
  onnx::TensorProto proto;
  if (!proto.ParseFromIstream(&file))
    throw Error(path.string() + " is not a serialized ONNX TensorProto");
  try {
    return tensorFromProto(proto, path.parent_path());
  } catch (Error& e) {
    throw e.addContext("while reading " + path.string());
  }
}

void writeTensorFile(const Tensor& tensor, const std::string& name, const std::filesystem::path& path) {
  onnx::TensorProto proto;
  tensorToProto(tensor, name, proto);
  std::ofstream file(path, std::ios::binary);
  if (!file || !proto.SerializeToOstream(&file)) throw Error("cannot write " + path.string());
}

}  // namespace quantlens
