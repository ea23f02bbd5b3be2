// Writes the engine's Graph as an ONNX model: nodes, initializers, inputs and outputs, at a chosen opset.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/graph/graph.h"

namespace onnx {
class ModelProto;
}

namespace quantlens {

// ONNX element types a Tensor cannot hold, written from a tensor holding the same codes one per
// byte (the way QuantLens keeps 4-bit and FP8 codes, quant_dtype.h codeDataType).
enum class InitializerEncoding {
  Int4,          // int8 codes in [-8, 7] → INT4
  UInt4,         // uint8 codes in [0, 15] → UINT4
  Float8E4M3Fn,  // uint8 bit patterns → FLOAT8E4M3FN
  Float8E5M2,    // uint8 bit patterns → FLOAT8E5M2
};

// The TensorProto.DataType number of an encoding (Debian's libonnx 1.12 predates them):
// FLOAT8E4M3FN 17, FLOAT8E5M2 19, UINT4 21, INT4 22.
int32_t onnxDataType(InitializerEncoding encoding);

// The raw_data of a 4-bit tensor as the ONNX spec packs it: the flattened elements two per byte,
// element 2k in the low nibble and 2k+1 in the high nibble, a last odd element's high nibble 0.
std::string packedInt4Bytes(const Tensor& codes);

struct OnnxExportOptions {
  int64_t opset = 0;  // of the default domain; 0 = max(graph.opset, kMinExportOpset)
  std::map<std::string, InitializerEncoding> encodings;  // initializers stored in another type, by name
  std::map<std::string, std::string> metadata;           // ModelProto.metadata_props
};

// Below opset 13 per-axis QuantizeLinear/DequantizeLinear and Squeeze/Unsqueeze/Split with their
// axes as inputs (the forms the opset normalizer produces) do not exist.
inline constexpr int64_t kMinExportOpset = 13;

// The lowest IR version whose release knows `opset` (ONNX's version table: opset 13–14 → IR 7,
// 15–18 → 8, 19–20 → 9, 21–22 → 10, 23+ → 11).
int64_t irVersionForOpset(int64_t opset);

// The newest default-domain opset Debian's libonnx (its checker and schemas) knows: 17 for 1.12.
int64_t checkerMaxOpset();

// Graph → ModelProto. The graph may be one QuantLens prepared (normalized to the newest operator
// forms, Constant nodes turned into initializers, BatchNormalization folded): nodes are written in
// the forms the target opset defines. Reduce* (except ReduceSum) take their axes as an attribute
// below opset 18; Softmax, LogSoftmax and Hardmax of models older than opset 13 (the normalizer's
// quantlens.coerce_2d) are written as Flatten → op → Reshape unless they act on the last axis;
// other QuantLens-internal attributes are dropped. Inputs and outputs keep their names, types and
// symbolic shapes; intermediate shapes are left to the reader's inference (graph.valueInfo holds
// them at one batch size only). Only initializers something reads are written.
// Throws Error (Unsupported) for a graph older than opset 7, whose broadcasting the newer opsets
// lack, for a non-default domain, and for node forms the target opset cannot express.
void exportOnnxModel(const Graph& graph, const OnnxExportOptions& options, onnx::ModelProto& proto);

// Validates with libonnx's onnx::checker::check_model when the model's opset is one it knows
// (<= checkerMaxOpset()); returns false, having checked nothing, for newer opsets. Throws Error
// (Internal: QuantLens wrote an invalid model) with the checker's message.
bool checkOnnxModel(const onnx::ModelProto& proto);

// Bytes of the serialized model.
int64_t serializedSize(const onnx::ModelProto& proto);
// Writes the serialized model; returns its size in bytes. Throws Error naming the path.
int64_t writeOnnxFile(const onnx::ModelProto& proto, const std::filesystem::path& path);

}  // namespace quantlens
