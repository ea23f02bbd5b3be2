// Size of a model's weights in float32 and after quantization.
#include "core/analysis/quantized_size.h"

#include <set>

namespace quantlens {
namespace {

int64_t codeBits(const QuantScheme& scheme) {
  if (isFloat8Dtype(scheme.dtype)) return 8;
  if (scheme.dtype == QuantDtype::Nf4) return 4;
  return scheme.bits;
}

// One slot's scale (float32) and zero point (the code's storage type).
int64_t qparamBytes(const QParams& qparams) {
  const int64_t zeroPointBytes = codeBits(qparams.scheme) > 8 ? 2 : 1;
  return static_cast<int64_t>(qparams.slotCount()) * (4 + zeroPointBytes);
}

}  // namespace

ModelSize estimateModelSize(const Graph& graph, const QuantPlan& plan, const QuantState& state) {
  ModelSize size;
  std::set<std::string> quantizedWeights;
  for (size_t i = 0; i < plan.layers.size(); ++i) {
    const LayerQuant& layer = state.layers.at(i);
    if (!layer.weight) continue;
    const Tensor& weight = *graph.initializer(plan.layers[i].weight);
    quantizedWeights.insert(plan.layers[i].weight);
    size.quantizedBytes += (weight.numel() * codeBits(layer.weight->qparams.scheme) + 7) / 8;
    size.quantizedBytes += qparamBytes(layer.weight->qparams);
  }
  for (const auto& [name, tensor] : graph.initializers) {
    if (tensor.dtype() != DataType::Float32) continue;
    const int64_t bytes = tensor.numel() * 4;
    size.fp32Bytes += bytes;
    if (!quantizedWeights.count(name)) size.quantizedBytes += bytes;  // biases: int32, as large
  }
  for (const auto& [tensor, activation] : state.activations) size.quantizedBytes += qparamBytes(activation.qparams);
  return size;
}

}  // namespace quantlens
