// The classification loss: mean softmax cross-entropy over a batch of logits, with its gradient.
#pragma once

#include <cstdint>
#include <span>

#include "core/tensor/tensor.h"

namespace quantlens {

struct CrossEntropyResult {
  double loss = 0.0;    // mean over the batch of −log softmax(logits)[label]
  Tensor logitsGrad;    // dLoss/dLogits = (softmax − onehot(label)) / batch, shaped like logits
  int64_t correct = 0;  // samples whose largest logit is the label (first maximum on ties)
};

// logits [batch, classes] (or [batch, classes, 1, ...]: trailing size-1 axes are ignored), one
// label in [0, classes) per sample; throws Error naming the sample when a label is out of range.
// Softmax is evaluated in double after subtracting the row maximum.
CrossEntropyResult softmaxCrossEntropy(const Tensor& logits, std::span<const int64_t> labels);

}  // namespace quantlens
