// Distillation loss: temperature-softened KL to the teacher plus the hard-label cross-entropy.
#include "core/train/distillation_loss.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"

namespace quantlens {
namespace {

// log softmax(row/T) in double, through the row maximum (no overflow).
void logSoftmax(const float* row, int64_t classes, double temperature, std::vector<double>& out) {
  double top = row[0];
  for (int64_t k = 1; k < classes; ++k) top = std::max(top, static_cast<double>(row[k]));
  double sum = 0.0;
  for (int64_t k = 0; k < classes; ++k) sum += std::exp((row[k] - top) / temperature);
  const double logSum = std::log(sum);
  for (int64_t k = 0; k < classes; ++k) out[static_cast<size_t>(k)] = (row[k] - top) / temperature - logSum;
}

}  // namespace

CrossEntropyResult distillationLoss(const Tensor& studentLogits, const Tensor& teacherLogits,
                                    std::span<const int64_t> labels, const DistillationOptions& options) {
  if (!(options.alpha >= 0.0f && options.alpha <= 1.0f) || !(options.temperature > 0.0f))
    throw Error("distillation needs 0 <= alpha <= 1 and temperature > 0, got alpha " +
                std::to_string(options.alpha) + ", temperature " + std::to_string(options.temperature));
  if (teacherLogits.dtype() != DataType::Float32 || teacherLogits.numel() != studentLogits.numel())
    throw Error("distillation: teacher logits " + shapeToString(teacherLogits.shape()) +
                " do not match the student's " + shapeToString(studentLogits.shape()));
  CrossEntropyResult result = softmaxCrossEntropy(studentLogits, labels);
  const int64_t batch = studentLogits.dim(0);
  const int64_t classes = batch == 0 ? 0 : studentLogits.numel() / batch;
  const double alpha = options.alpha;
  const double t = options.temperature;
  const float* s = studentLogits.data<float>();
  const float* teacher = teacherLogits.data<float>();
  float* grad = result.logitsGrad.data<float>();
  std::vector<double> logP(static_cast<size_t>(classes)), logQ(static_cast<size_t>(classes));
  double kl = 0.0;
  for (int64_t n = 0; n < batch; ++n) {
    logSoftmax(teacher + n * classes, classes, t, logP);
    logSoftmax(s + n * classes, classes, t, logQ);
    for (int64_t k = 0; k < classes; ++k) {
      const size_t i = static_cast<size_t>(k);
      const double p = std::exp(logP[i]);
      kl += p * (logP[i] - logQ[i]);
      float& g = grad[n * classes + k];
      g = static_cast<float>((1.0 - alpha) * g + alpha * t * (std::exp(logQ[i]) - p) / static_cast<double>(batch));
    }
  }
  if (batch > 0) result.loss = alpha * t * t * kl / static_cast<double>(batch) + (1.0 - alpha) * result.loss;
  return result;
}

}  // namespace quantlens
