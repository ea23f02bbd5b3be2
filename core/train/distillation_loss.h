// Knowledge distillation from a teacher's logits, mixed with the label cross-entropy.
#pragma once

#include <cstdint>
#include <span>

#include "core/train/softmax_cross_entropy.h"

namespace quantlens {

struct DistillationOptions {
  float alpha = 0.5f;        // weight of the distillation term, 0..1
  float temperature = 4.0f;  // T > 0
};

// loss = α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(s, labels), each averaged over the
// batch (KLDivLoss 'batchmean', cross_entropy 'mean'), as Hinton et al. and the usual PyTorch
// recipe; the T² keeps the soft term's gradient scale independent of T. Gradient wrt the
// student's logits s: α·T·(softmax(s/T) − softmax(t/T))/B + (1 − α)·(softmax(s) − onehot)/B.
// `correct` counts the student's top-1 hits. Throws Error for mismatched shapes or bad options.
CrossEntropyResult distillationLoss(const Tensor& studentLogits, const Tensor& teacherLogits,
                                    std::span<const int64_t> labels, const DistillationOptions& options);

}  // namespace quantlens
