// Top-1 / top-5 accuracy accumulated over batches of logits.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/tensor/tensor.h"

namespace quantlens {

class ClassificationScore {
public:
  // logits [n, classes] (any trailing singleton dims are ignored); labels of the n samples, -1 for
  // unlabeled. Records each sample's argmax; counts hits for labeled samples.
  void add(const Tensor& logits, std::span<const int64_t> labels);

  int64_t samples() const { return static_cast<int64_t>(m_predictions.size()); }
  int64_t labeledSamples() const { return m_labeled; }
  // Fractions in [0, 1]; nullopt when no sample was labeled.
  std::optional<double> top1() const;
  std::optional<double> top5() const;
  // argmax class per sample, in the order they were added (for agreement between two runs).
  const std::vector<int64_t>& predictions() const { return m_predictions; }

private:
  int64_t m_labeled = 0;
  int64_t m_top1Hits = 0;
  int64_t m_top5Hits = 0;
  std::vector<int64_t> m_predictions;
};

// Fraction of samples where both runs predict the same class.
double agreement(const std::vector<int64_t>& a, const std::vector<int64_t>& b);

}  // namespace quantlens
