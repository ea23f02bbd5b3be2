// ONNX Runtime collect_value / merge_histogram with numpy 1.x's float32 and float64 steps.
#include "core/quant/ort_value_histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "core/quant/edge_binning.h"
#include "core/quant/reference_arithmetic.h"

namespace quantlens {
namespace {

// np.histogram(x, bins, range=(-th, th)); numpy widens an empty range to (-0.5, 0.5).
std::vector<float> symmetricEdges(double threshold, int64_t bins) {
  if (threshold == 0.0) return numpyHistogramEdges(-0.5, 0.5, bins);
  return numpyHistogramEdges(-threshold, threshold, bins);
}

}  // namespace

OrtValueHistogram::OrtValueHistogram(int bins) : m_initialBins(bins) { assert(bins > 0); }

OrtValueHistogram::BatchPlan OrtValueHistogram::planBatch(float batchMin, float batchMax) const {
  const float th = std::max(std::fabs(batchMin), std::fabs(batchMax));
  BatchPlan plan;
  if (empty() || m_threshold == 0.0) {
    // The first batch, or merge_histogram's "old_threshold == 0" case, which re-bins on the new
    // range with the same bin count and adds the old counts bin for bin (all of them sit in the
    // centre bin [0, w), which both ranges share).
    if (!empty() && th <= m_threshold) {
      plan.edges = m_edges;
      plan.threshold = m_threshold;
      plan.thresholdIsFloat32 = m_thresholdIsFloat32;
      return plan;
    }
    plan.edges = symmetricEdges(th, empty() ? m_initialBins : bins());
    plan.threshold = th;
    return plan;
  }
  if (th <= m_threshold) {
    plan.edges = m_edges;
    plan.threshold = m_threshold;
    plan.thresholdIsFloat32 = m_thresholdIsFloat32;
    return plan;
  }
  // old_stride = 2 * old_threshold / old_num_bins (float64); the difference th - old is float32
  // while the stored threshold is still a numpy float32.
  const double stride = 2.0 * m_threshold / static_cast<double>(bins());
  const double difference = m_thresholdIsFloat32 ? static_cast<double>(th - static_cast<float>(m_threshold))
                                                  : static_cast<double>(th) - m_threshold;
  const int64_t half = static_cast<int64_t>(floorDivide(difference, stride) + 1.0);
  const double newThreshold = static_cast<double>(half) * stride + m_threshold;
  int64_t newBins = bins() + 2 * half;
  if (newBins > kMaxBins) {
    newBins = kMaxBins;
    plan.rebinStored = true;
  } else {
    plan.storedOffset = half;
  }
  plan.edges = symmetricEdges(newThreshold, newBins);
  plan.threshold = newThreshold;
  plan.thresholdIsFloat32 = false;
  return plan;
}

void OrtValueHistogram::addBatch(BatchPlan plan, std::span<const uint32_t> batchCounts) {
  assert(batchCounts.size() + 1 == plan.edges.size());
  std::vector<int64_t> merged(batchCounts.begin(), batchCounts.end());
  if (plan.rebinStored) {
    const int64_t newBins = static_cast<int64_t>(merged.size());
    const double invWidth = static_cast<double>(newBins) / (static_cast<double>(plan.edges.back()) - plan.edges.front());
    for (size_t i = 0; i < m_counts.size(); ++i) {
      const double centre = 0.5 * (static_cast<double>(m_edges[i]) + m_edges[i + 1]);
      const int64_t bin = edgeBin(centre, plan.edges.data(), newBins, invWidth);
      merged[static_cast<size_t>(std::max<int64_t>(bin, 0))] += m_counts[i];
    }
    m_approximate = true;
  } else {
    assert(plan.storedOffset + bins() <= static_cast<int64_t>(merged.size()));
    for (size_t i = 0; i < m_counts.size(); ++i) merged[static_cast<size_t>(plan.storedOffset) + i] += m_counts[i];
  }
  m_counts = std::move(merged);
  m_edges = std::move(plan.edges);
  m_threshold = plan.threshold;
  m_thresholdIsFloat32 = plan.thresholdIsFloat32;
}

void OrtValueHistogram::addValues(std::span<const float> values) {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -lo;
  for (float v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(lo <= hi)) return;
  BatchPlan plan = planBatch(lo, hi);
  const int64_t n = static_cast<int64_t>(plan.edges.size()) - 1;
  const double invWidth = static_cast<double>(n) / (static_cast<double>(plan.edges.back()) - plan.edges.front());
  std::vector<uint32_t> counts(static_cast<size_t>(n), 0);
  for (float v : values) {
    const int64_t bin = std::isfinite(v) ? edgeBin(v, plan.edges.data(), n, invWidth) : -1;
    if (bin >= 0) ++counts[static_cast<size_t>(bin)];
  }
  addBatch(std::move(plan), counts);
}

}  // namespace quantlens
