// Where quantization goes in a graph, like PyTorch's default static recipe: which layers get
// quantized weights, which tensors get activation qparams, and which tensors share them.
#pragma once

#include <string>
#include <vector>

#include "core/graph/graph.h"

namespace quantlens {

// A node whose weight is quantized (Conv, ConvTranspose, Gemm, MatMul with a constant weight),
// with the activation PyTorch fuses into it (Relu, or Clip with constant bounds) when the layer's
// output feeds only that activation.
struct QuantizedLayer {
  std::string name;           // the node's name (unique after import)
  std::string op;             // "Conv", "Gemm", …
  int node = -1;              // index into graph.nodes
  std::string weight;         // initializer name
  std::string bias;           // initializer name or empty
  std::string input;          // the activation the layer reads
  std::string output;         // the layer's output after the fused activation
  int fusedActivation = -1;   // node index of the fused Relu/Clip, or -1
  int64_t channelAxis = 0;    // weight axis of output channels (Conv 0, ConvTranspose 1, Gemm transB 0 / else 1, MatMul 1)
  int64_t reductionAxis = 1;  // weight axis summed over (per-group blocks run along it)
};

// A tensor that carries activation qparams.
struct QuantizedActivation {
  std::string tensor;
  // Empty when observed (calibration keeps statistics for it); otherwise the tensor whose qparams
  // this one reuses, as PyTorch does for MaxPool, AveragePool, Relu, Flatten/Reshape, Concat
  // outputs of shared-input ops (the source is always observed itself).
  std::string sharesQParamsWith;
  bool observed() const { return sharesQParamsWith.empty(); }
};

struct QuantPlan {
  std::vector<QuantizedLayer> layers;            // in graph order
  std::vector<QuantizedActivation> activations;  // in graph order; the graph input first
  std::vector<std::string> observedTensors() const;
  const QuantizedLayer* findLayer(const std::string& name) const;
  const QuantizedActivation* findActivation(const std::string& tensor) const;
};

// Plans a graph prepared for analysis (prepareForAnalysis: BatchNormalization folded, shapes
// known). Rules: weights of Conv/ConvTranspose/Gemm/MatMul with an initializer weight are quantized;
// every input and output of a quantized layer (after fusion), of Add, Mul, Concat and of the
// pooling ops is an activation; outputs of MaxPool, Relu, Clip, Flatten, Reshape, Transpose, Squeeze,
// Unsqueeze share their input's qparams; AveragePool/GlobalAveragePool outputs share their
// input's qparams (PyTorch's quantized avg pool keeps the input scale); float-only ops (Softmax,
// Sigmoid, …) stay float and their outputs are quantized again only where a quantized op reads them.
// As PyTorch's (ReLU, add) pattern, a Relu that is an Add's or Mul's only reader is fused: the sum
// itself gets no entry. quant_plan.cpp lists every rule and where it differs from PyTorch.
QuantPlan planQuantization(const Graph& graph);

}  // namespace quantlens
