// The quantized model as ONNX QDQ, the format ONNX Runtime, TensorRT and OpenVINO load: weights stored
// quantized and int32 biases feeding DequantizeLinear, QuantizeLinear→DequantizeLinear pairs on
// quantized activations. What it computes is what the fake-quant model computes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/graph/onnx_export.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

// The QDQ graph before it is written, with the export options (opset, encodings of 4-bit and FP8
// initializers, metadata) it needs.
struct QdqModel {
  Graph graph;
  OnnxExportOptions options;
  int activationPairs = 0;   // QuantizeLinear→DequantizeLinear pairs
  int quantizedWeights = 0;  // weights stored quantized (NF4 weights are not: ONNX has no NF4 type)
  int quantizedBiases = 0;   // int32 biases
  std::vector<std::string> notes;  // what the file cannot express as QuantLens quantized it
};

// Builds the QDQ graph from the prepared graph (prepareForAnalysis), its plan and a derived state:
// - Weights: codes in the narrowest ONNX type that holds them feeding DequantizeLinear with the
//   scales and zero points of the weight's layout (scalar per-tensor; 1-D with `axis` per-channel;
//   blocked with `axis` and `block_size` per-group). int8/uint8 and narrower N-bit codes as
//   int8/uint8 (opset 13); int4/uint4 as INT4/UINT4 packed two per byte (opset 21); 16-bit and
//   9..15-bit codes as int16/uint16 (opset 21); FP8 as FLOAT8E4M3FN/FLOAT8E5M2 (opset 19); NF4, which
//   ONNX cannot express, as its dequantized float32 values, said so in metadata
//   ("quantlens.nf4_weights") and in `notes`.
// - Biases of layers with quantized input and per-tensor/per-channel integer weights: int32 codes
//   (quantizeBias) feeding DequantizeLinear with scale f32(s_in · s_w[c]) and zero point 0.
// - Activations: every tensor the state quantizes goes through QuantizeLinear→DequantizeLinear, its
//   readers rewired to the dequantized value; tensors sharing qparams share the scale and zero-point
//   initializers (named after the observed tensor). A fused Relu/Clip stays a node of its own, with
//   the pair after it (ONNX Runtime fuses Conv→Relu→Q itself). A graph output keeps its name: the
//   producer's output is renamed and the DequantizeLinear writes the original name. When the scheme
//   saturates to a narrower range than its ONNX type (reduce_range, a custom quant range, N-bit
//   codes in an 8-bit type), a Clip to that range precedes the QuantizeLinear.
// The opset is the lowest that expresses all of it: max(graph.opset, 13, 19 with FP8, 21 with 4-bit
// or 16-bit types or per-group scales). Throws Error naming the layer or tensor that cannot be
// exported.
QdqModel buildQdqModel(const Graph& graph, const QuantPlan& plan, const QuantState& state);

struct QdqExportResult {
  std::string path;
  int64_t opset = 0;
  int64_t fileBytes = 0;      // the QDQ file
  int64_t fp32FileBytes = 0;  // the same prepared graph exported in float32, for the size ratio
  bool checked = false;       // passed onnx::checker (opsets it knows, <= 17)
  int activationPairs = 0;
  int quantizedWeights = 0;
  int quantizedBiases = 0;
  std::vector<std::string> notes;
  double sizeRatio() const { return fileBytes > 0 ? static_cast<double>(fp32FileBytes) / fileBytes : 0.0; }
};

// buildQdqModel, then writes it to `path` after onnx::checker validated it where it can. Throws
// Error naming the path when writing fails.
QdqExportResult exportQdqModel(const Graph& graph, const QuantPlan& plan, const QuantState& state,
                               const std::filesystem::path& path);

}  // namespace quantlens
