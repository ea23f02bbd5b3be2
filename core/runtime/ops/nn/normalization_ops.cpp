// BatchNormalization (inference only, opsets 1–15), InstanceNormalization and LRN.
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/runtime/ops/nn/nn_ops.h"
#include "core/runtime/ops/nn/op_checks.h"

namespace quantlens::nn {
namespace {

void requireImageRank(const OpContext& context, const Tensor& x, int64_t minRank) {
  if (x.rank() < minRank)
    throw context.error("input X must have shape [N, C, ...] with at least " + std::to_string(minRank) +
                        " dimensions but has shape " + shapeToString(x.shape()));
}

// Refuses the training forms of BatchNormalization, whose Y uses the batch's own statistics.
void requireInferenceMode(const OpContext& context) {
  const auto& attributes = context.attributes();
  if (attributes.getInt("training_mode", 0) != 0)  // opset 14+
    throw context.unsupported("training_mode=1 is not supported; only inference is");
  // Opsets 1 and 6 chose the mode with is_test. An explicit 0 asks for training; when it is absent
  // the outputs decide, as from opset 7 on (and as ONNX Runtime does), since exporters of
  // inference graphs often left it out.
  if (opsetBefore(context, 7) && attributes.has("is_test") && attributes.getInt("is_test", 0) == 0)
    throw context.unsupported("is_test=0 (training mode) is not supported; only inference is");
  for (size_t o = 1; o < context.node().outputs.size(); ++o)
    if (context.wantsOutput(o))
      throw context.unsupported(
          "output " + std::to_string(o) +
          " (running or saved statistics) exists only in training mode, which is not supported");
}

}  // namespace

void runBatchNormalization(OpContext& context) {
  const Tensor& x = context.input(0);
  requireFloat32(context, x, "input X");
  requireImageRank(context, x, 2);
  requireInferenceMode(context);
  const char* const names[] = {"scale", "bias B", "mean", "var"};
  const Tensor* params[4];
  for (size_t i = 0; i < 4; ++i) {
    params[i] = &context.input(i + 1);
    requireFloat32(context, *params[i], names[i]);
  }
  const int64_t batch = x.dim(0), channels = x.dim(1);
  const int64_t plane = batch * channels == 0 ? 0 : x.numel() / (batch * channels);
  // Before opset 9, spatial=0 gave every (channel, position) its own statistics: parameters of
  // shape [C, D1, ..., Dn]. Otherwise each channel has one set.
  const bool perPosition = opsetBefore(context, 9) && context.attributes().getInt("spatial", 1) == 0;
  const int64_t count = perPosition ? channels * plane : channels;
  for (size_t i = 0; i < 4; ++i)
    if (params[i]->numel() != count)
      throw context.error(std::string(names[i]) + " has shape " + shapeToString(params[i]->shape()) +
                          " but X " + shapeToString(x.shape()) + " needs " + std::to_string(count) +
                          " values" + (perPosition ? " (spatial=0)" : " (one per channel)"));

  // y = scale·(x − mean)/sqrt(var + eps) + B = x·a + b with a = scale/sqrt(var + eps),
  // b = B − mean·a (folded in double so the two forms agree to float rounding).
  const double epsilon = context.attributes().getFloat("epsilon", 1e-5f);
  const float* scale = params[0]->data<float>();
  const float* bias = params[1]->data<float>();
  const float* mean = params[2]->data<float>();
  const float* var = params[3]->data<float>();
  std::vector<float> a(static_cast<size_t>(count)), b(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    const double factor = scale[i] / std::sqrt(static_cast<double>(var[i]) + epsilon);
    a[static_cast<size_t>(i)] = static_cast<float>(factor);
    b[static_cast<size_t>(i)] = static_cast<float>(bias[i] - mean[i] * factor);
  }

  Tensor y(DataType::Float32, x.shape());
  const float* in = x.data<float>();
  float* out = y.data<float>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c) {
      const int64_t offset = (n * channels + c) * plane;
      if (perPosition) {
        const float* pa = a.data() + c * plane;
        const float* pb = b.data() + c * plane;
        for (int64_t i = 0; i < plane; ++i) out[offset + i] = in[offset + i] * pa[i] + pb[i];
      } else {
        const float ca = a[static_cast<size_t>(c)], cb = b[static_cast<size_t>(c)];
        for (int64_t i = 0; i < plane; ++i) out[offset + i] = in[offset + i] * ca + cb;
      }
    }
  context.setOutput(0, std::move(y));
}

void runInstanceNormalization(OpContext& context) {
  const Tensor& x = context.input(0);
  const Tensor& scale = context.input(1);
  const Tensor& bias = context.input(2);
  requireFloat32(context, x, "input X");
  requireFloat32(context, scale, "scale");
  requireFloat32(context, bias, "bias B");
  requireImageRank(context, x, 3);
  const int64_t batch = x.dim(0), channels = x.dim(1);
  requireChannelVector(context, scale, "scale", channels);
  requireChannelVector(context, bias, "bias B", channels);
  const int64_t plane = batch * channels == 0 ? 0 : x.numel() / (batch * channels);
  const double epsilon = context.attributes().getFloat("epsilon", 1e-5f);

  // Per (n, c): y = scale·(x − μ)/sqrt(σ² + eps) + B with μ, σ² the plane's mean and population
  // variance, accumulated in double (two passes: no cancellation in E[x²] − μ²).
  Tensor y(DataType::Float32, x.shape());
  const float* in = x.data<float>();
  float* out = y.data<float>();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c) {
      const float* values = in + (n * channels + c) * plane;
      float* result = out + (n * channels + c) * plane;
      double sum = 0.0;
      for (int64_t i = 0; i < plane; ++i) sum += values[i];
      const double mean = plane > 0 ? sum / static_cast<double>(plane) : 0.0;
      double squares = 0.0;
      for (int64_t i = 0; i < plane; ++i) squares += (values[i] - mean) * (values[i] - mean);
      const double variance = plane > 0 ? squares / static_cast<double>(plane) : 0.0;
      const double factor = scale.data<float>()[c] / std::sqrt(variance + epsilon);
      const auto a = static_cast<float>(factor);
      const auto b = static_cast<float>(bias.data<float>()[c] - mean * factor);
      for (int64_t i = 0; i < plane; ++i) result[i] = values[i] * a + b;
    }
  context.setOutput(0, std::move(y));
}

void runLrn(OpContext& context) {
  const Tensor& x = context.input(0);
  requireFloat32(context, x, "input X");
  requireImageRank(context, x, 3);
  const auto& attributes = context.attributes();
  if (!attributes.has("size")) throw context.error("attribute size is required");
  const int64_t size = attributes.getInt("size", 1);
  if (size < 1) throw context.error("size " + std::to_string(size) + " must be positive");
  const double alpha = attributes.getFloat("alpha", 1e-4f);
  const double beta = attributes.getFloat("beta", 0.75f);
  const double bias = attributes.getFloat("bias", 1.0f);
  const int64_t batch = x.dim(0), channels = x.dim(1);
  const int64_t plane = batch * channels == 0 ? 0 : x.numel() / (batch * channels);
  // Channels c − floor((size−1)/2) .. c + ceil((size−1)/2), clipped to [0, C).
  const int64_t before = (size - 1) / 2, after = size - 1 - before;

  // y = x / (bias + alpha/size · Σ_window x²)^beta
  Tensor y(DataType::Float32, x.shape());
  const float* in = x.data<float>();
  float* out = y.data<float>();
  std::vector<double> squareSum(static_cast<size_t>(plane));
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t c = 0; c < channels; ++c) {
      std::fill(squareSum.begin(), squareSum.end(), 0.0);
      const int64_t first = std::max<int64_t>(0, c - before), last = std::min(channels - 1, c + after);
      for (int64_t k = first; k <= last; ++k) {
        const float* values = in + (n * channels + k) * plane;
        for (int64_t i = 0; i < plane; ++i)
          squareSum[static_cast<size_t>(i)] += double{values[i]} * values[i];
      }
      const float* values = in + (n * channels + c) * plane;
      float* result = out + (n * channels + c) * plane;
      for (int64_t i = 0; i < plane; ++i)
        result[i] = static_cast<float>(
            values[i] /
            std::pow(bias + alpha / static_cast<double>(size) * squareSum[static_cast<size_t>(i)], beta));
    }
  context.setOutput(0, std::move(y));
}

}  // namespace quantlens::nn
