// Softmax cross-entropy as PyTorch's F.cross_entropy with reduction='mean'.
#include "core/train/softmax_cross_entropy.h"

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"

namespace quantlens {

CrossEntropyResult softmaxCrossEntropy(const Tensor& logits, std::span<const int64_t> labels) {
  if (logits.dtype() != DataType::Float32 || logits.rank() < 2)
    throw Error("cross-entropy needs float32 logits [batch, classes] but got " + shapeToString(logits.shape()));
  const int64_t batch = logits.dim(0);
  const int64_t classes = batch == 0 ? 0 : logits.numel() / batch;
  if (static_cast<int64_t>(labels.size()) != batch)
    throw Error("cross-entropy got " + std::to_string(labels.size()) + " labels for a batch of " +
                std::to_string(batch) + " logits");
  CrossEntropyResult result;
  result.logitsGrad = Tensor(DataType::Float32, logits.shape());
  const float* in = logits.data<float>();
  float* grad = result.logitsGrad.data<float>();
  std::vector<double> exps(static_cast<size_t>(classes));
  double total = 0.0;
  for (int64_t n = 0; n < batch; ++n) {
    const int64_t label = labels[static_cast<size_t>(n)];
    if (label < 0 || label >= classes)
      throw Error("sample " + std::to_string(n) + " of the batch has label " + std::to_string(label) +
                  " but the model has " + std::to_string(classes) + " classes");
    const float* row = in + n * classes;
    int64_t best = 0;
    for (int64_t k = 1; k < classes; ++k)
      if (row[k] > row[best]) best = k;
    if (best == label) ++result.correct;
    // log Σ exp(z_k) = max + log Σ exp(z_k − max): no overflow for large logits.
    double sum = 0.0;
    for (int64_t k = 0; k < classes; ++k) sum += exps[k] = std::exp(static_cast<double>(row[k]) - row[best]);
    total += std::log(sum) - (static_cast<double>(row[label]) - row[best]);
    for (int64_t k = 0; k < classes; ++k)
      grad[n * classes + k] = static_cast<float>((exps[k] / sum - (k == label ? 1.0 : 0.0)) / static_cast<double>(batch));
  }
  result.loss = batch > 0 ? total / static_cast<double>(batch) : 0.0;
  return result;
}

}  // namespace quantlens
