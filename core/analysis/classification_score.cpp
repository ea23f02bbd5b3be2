// Classification scoring.
#include "core/analysis/classification_score.h"

#include <algorithm>
#include <cassert>

#include "core/error.h"

namespace quantlens {

void ClassificationScore::add(const Tensor& logits, std::span<const int64_t> labels) {
  if (logits.dtype() != DataType::Float32 || logits.rank() < 1)
    throw Error("the model output is not a float tensor of class scores");
  const int64_t n = logits.dim(0);
  if (n != static_cast<int64_t>(labels.size()))
    throw Error("the model output has " + std::to_string(n) + " rows for a batch of " +
                std::to_string(labels.size()) + " samples");
  const int64_t classes = n ? logits.numel() / n : 0;
  for (int64_t i = 0; i < n; ++i) {
    const float* row = logits.data<float>() + i * classes;
    const int64_t best = std::max_element(row, row + classes) - row;
    m_predictions.push_back(best);
    const int64_t label = labels[static_cast<size_t>(i)];
    if (label < 0) continue;
    ++m_labeled;
    if (label >= classes) continue;  // a label the model cannot predict counts as a miss
    m_top1Hits += best == label;
    // top-5: fewer than 5 classes score strictly higher than the label's (ties favour the label,
    // as in torch.topk's typical order for distinct scores).
    const float target = row[label];
    const auto higher = std::count_if(row, row + classes, [&](float v) { return v > target; });
    m_top5Hits += higher < 5;
  }
}

std::optional<double> ClassificationScore::top1() const {
  if (!m_labeled) return std::nullopt;
  return static_cast<double>(m_top1Hits) / static_cast<double>(m_labeled);
}

std::optional<double> ClassificationScore::top5() const {
  if (!m_labeled) return std::nullopt;
  return static_cast<double>(m_top5Hits) / static_cast<double>(m_labeled);
}

double agreement(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  assert(a.size() == b.size() && "agreement compares two runs over the same samples");
  if (a.empty()) return 0.0;
  int64_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

}  // namespace quantlens
