// What a loaded QDQ model says about its own quantization: its QuantizeLinear/DequantizeLinear
// pairs, quantized weights and biases with their qparams (shown by `info`; `quantize` refuses such
// a model).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/graph/graph.h"

namespace quantlens {

struct QdqTensorInfo {
  enum class Kind { Activation, Weight, Bias };
  Kind kind = Kind::Activation;
  std::string tensor;      // the float tensor quantized (activation) or the stored initializer (weight, bias)
  DataType dtype = DataType::Undefined;  // of the codes (a 4-bit or FP8 type a Tensor lacks shows as Undefined)
  int64_t axis = -1;       // per-axis / blocked axis, -1 per-tensor
  int64_t blockSize = 0;   // blocked (opset 21) only
  std::vector<float> scales;        // empty when the scale is computed rather than stored
  std::vector<int64_t> zeroPoints;  // empty when absent (0)
};

struct QdqModelInfo {
  int activationPairs = 0;        // QuantizeLinear nodes whose output only DequantizeLinear nodes read
  int quantizeNodes = 0;
  int dequantizeNodes = 0;
  int quantizedWeights = 0;       // DequantizeLinear of a constant non-int32 tensor
  int quantizedBiases = 0;        // DequantizeLinear of a constant int32 tensor
  std::vector<QdqTensorInfo> tensors;  // in node order
  bool quantized() const { return quantizeNodes + dequantizeNodes > 0; }
  // "12 QuantizeLinear→DequantizeLinear pairs on activations, 7 quantized weights, 7 int32 biases"
  std::string describe() const;
};

// Reads a graph as imported (or prepared); any QuantizeLinear or DequantizeLinear marks it quantized.
QdqModelInfo inspectQdqModel(const Graph& graph);

}  // namespace quantlens
