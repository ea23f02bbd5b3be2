// BatchNormalization folding.
#include "core/graph/passes/fold_batch_norm.h"

#include <cmath>

namespace quantlens {
namespace {

struct BnFactors {
  std::vector<float> scale;  // gamma / sqrt(var + eps)
  std::vector<float> shift;  // beta − mean · scale
};

// The BN's per-channel affine form, or nothing when its parameters are not usable constants.
std::optional<BnFactors> bnFactors(const Graph& graph, const Node& bn, int64_t channels) {
  if (bn.inputs.size() < 5 || bn.attributes.getInt("training_mode", 0) != 0) return std::nullopt;
  if (bn.outputs.size() > 1 && !bn.outputs[1].empty()) return std::nullopt;  // training outputs
  const Tensor* params[4];
  for (int i = 0; i < 4; ++i) {
    params[i] = graph.initializer(bn.inputs[static_cast<size_t>(i + 1)]);
    if (!params[i] || params[i]->dtype() != DataType::Float32 || params[i]->numel() != channels)
      return std::nullopt;
  }
  const float eps = bn.attributes.getFloat("epsilon", 1e-5f);
  BnFactors f;
  for (int64_t c = 0; c < channels; ++c) {
    const float gamma = params[0]->data<float>()[c], beta = params[1]->data<float>()[c];
    const float mean = params[2]->data<float>()[c], var = params[3]->data<float>()[c];
    const float s = gamma / std::sqrt(var + eps);
    f.scale.push_back(s);
    f.shift.push_back(beta - mean * s);
  }
  return f;
}

// Output channels of a Conv weight [Cout, Cin/g, k...] or Gemm weight ([K,N], or [N,K] if transB).
int64_t outputChannels(const Node& producer, const Tensor& weight) {
  if (producer.opType == "Conv") return weight.dim(0);
  return producer.attributes.getInt("transB", 0) ? weight.dim(0) : weight.dim(1);
}

void scaleWeight(const Node& producer, Tensor& weight, const std::vector<float>& scale) {
  float* w = weight.data<float>();
  const bool channelIsRow = producer.opType == "Conv" || producer.attributes.getInt("transB", 0);
  if (channelIsRow) {
    const int64_t perChannel = weight.numel() / weight.dim(0);
    for (int64_t c = 0; c < weight.dim(0); ++c)
      for (int64_t i = 0; i < perChannel; ++i) w[c * perChannel + i] *= scale[static_cast<size_t>(c)];
  } else {
    for (int64_t k = 0; k < weight.dim(0); ++k)
      for (int64_t c = 0; c < weight.dim(1); ++c) w[k * weight.dim(1) + c] *= scale[static_cast<size_t>(c)];
  }
}

bool foldInto(Graph& graph, Node& producer, const Node& bn) {
  if (producer.inputs.size() < 2) return false;
  const Tensor* weightIn = graph.initializer(producer.inputs[1]);
  if (!weightIn || weightIn->dtype() != DataType::Float32 || weightIn->rank() < 2) return false;
  if (producer.opType == "Gemm" &&
      (weightIn->rank() != 2 || producer.attributes.getInt("transA", 0) != 0)) return false;
  const int64_t channels = outputChannels(producer, *weightIn);
  const auto factors = bnFactors(graph, bn, channels);
  if (!factors) return false;

  // Gemm: Y = alpha·A·B + beta·C; fold alpha into the weight and beta into the bias.
  const float alpha = producer.opType == "Gemm" ? producer.attributes.getFloat("alpha", 1.0f) : 1.0f;
  const float beta = producer.opType == "Gemm" ? producer.attributes.getFloat("beta", 1.0f) : 1.0f;
  const Tensor* biasIn = producer.inputs.size() > 2 && !producer.inputs[2].empty()
                             ? graph.initializer(producer.inputs[2]) : nullptr;
  if (producer.inputs.size() > 2 && !producer.inputs[2].empty() &&
      (!biasIn || biasIn->dtype() != DataType::Float32 || (biasIn->numel() != channels && biasIn->numel() != 1)))
    return false;

  Tensor weight = *weightIn;
  std::vector<float> scale = factors->scale;
  for (float& s : scale) s *= alpha;
  scaleWeight(producer, weight, scale);
  std::vector<float> bias(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    const float b = biasIn ? beta * biasIn->data<float>()[biasIn->numel() == 1 ? 0 : c] : 0.0f;
    bias[static_cast<size_t>(c)] = b * factors->scale[static_cast<size_t>(c)] + factors->shift[static_cast<size_t>(c)];
  }

  // New names so a weight shared with another node is never changed under it.
  const std::string weightName = producer.name + "/folded_weight";
  const std::string biasName = producer.name + "/folded_bias";
  graph.initializers[weightName] = std::move(weight);
  graph.initializers[biasName] = Tensor::fromVector<float>({channels}, bias);
  producer.inputs[1] = weightName;
  producer.inputs.resize(3);
  producer.inputs[2] = biasName;
  if (producer.opType == "Gemm") {
    producer.attributes.set("alpha", 1.0f);
    producer.attributes.set("beta", 1.0f);
  }
  producer.outputs[0] = bn.outputs[0];
  return true;
}

}  // namespace

int foldBatchNorm(Graph& graph) {
  std::vector<int> removed;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& bn = graph.nodes[i];
    if (bn.opType != "BatchNormalization" || !bn.domain.empty() || bn.inputs.empty()) continue;
    const std::string& x = bn.inputs[0];
    const int p = graph.producerOf(x);
    if (p < 0 || graph.isGraphOutput(x) || graph.consumersOf(x).size() != 1) continue;
    Node& producer = graph.nodes[static_cast<size_t>(p)];
    if (producer.opType != "Conv" && producer.opType != "Gemm") continue;
    if (foldInto(graph, producer, bn)) removed.push_back(static_cast<int>(i));
  }
  graph.removeNodes(removed);
  return static_cast<int>(removed.size());
}

}  // namespace quantlens
