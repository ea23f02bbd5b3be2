// ONNX Runtime collect_absolute_value: |x| histogram whose edges grow with np.arange.
#include "core/quant/ort_abs_histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "core/quant/edge_binning.h"
#include "core/quant/reference_arithmetic.h"

namespace quantlens {

OrtAbsHistogram::OrtAbsHistogram(int bins) : m_initialBins(bins) { assert(bins > 0); }

OrtAbsHistogram::BatchPlan OrtAbsHistogram::planBatch(float batchMinAbs, float batchMaxAbs) const {
  BatchPlan plan;
  if (empty()) {
    const double lo = batchMinAbs == batchMaxAbs ? batchMinAbs - 0.5 : batchMinAbs;
    const double hi = batchMinAbs == batchMaxAbs ? batchMaxAbs + 0.5 : batchMaxAbs;
    const std::vector<float> edges = numpyHistogramEdges(lo, hi, m_initialBins);
    plan.edges.assign(edges.begin(), edges.end());
    return plan;
  }
  plan.edges.assign(m_edges.begin(), m_edges.end());
  plan.segmentStarts = m_segmentStarts;
  if (!(batchMaxAbs > m_edges.back())) return plan;
  // np.arange(last + w, max|x| + w, w) with numpy float32 scalars: length ceil(f32((stop - start) /
  // w)); start, then f32(start + w), then start + k * delta in float64 (numpy's DOUBLE_fill).
  const float width = m_edges[1] - m_edges[0];
  const float start = m_edges.back() + width;
  const float stop = batchMaxAbs + width;
  const int64_t length = static_cast<int64_t>(std::ceil(static_cast<double>((stop - start) / width)));
  if (length <= 0) return plan;
  const double first = start;
  const double delta = static_cast<double>(start + width) - first;
  if (bins() + length > kMaxBins) {
    const double last = length == 1 ? first : first + static_cast<double>(length - 1) * delta;
    const std::vector<float> edges = numpyHistogramEdges(m_edges.front(), last, kMaxBins);
    plan.edges.assign(edges.begin(), edges.end());
    plan.segmentStarts = {0};
    plan.rebinStored = true;
    return plan;
  }
  plan.segmentStarts.push_back(bins());
  plan.edges.push_back(first);
  for (int64_t k = 1; k < length; ++k) plan.edges.push_back(first + static_cast<double>(k) * delta);
  return plan;
}

void OrtAbsHistogram::addBatch(BatchPlan plan, std::span<const uint32_t> batchCounts) {
  assert(batchCounts.size() + 1 == plan.edges.size());
  std::vector<int64_t> merged(batchCounts.begin(), batchCounts.end());
  if (plan.rebinStored) {
    const int64_t newBins = static_cast<int64_t>(merged.size());
    const double invWidth = static_cast<double>(newBins) / (plan.edges.back() - plan.edges.front());
    for (size_t i = 0; i < m_counts.size(); ++i) {
      const double centre = 0.5 * (static_cast<double>(m_edges[i]) + m_edges[i + 1]);
      const int64_t bin = edgeBin(centre, plan.edges.data(), newBins, invWidth);
      merged[static_cast<size_t>(std::max<int64_t>(bin, 0))] += m_counts[i];
    }
    m_approximate = true;
  } else {
    // hist[: len(old_hist)] += old_hist
    for (size_t i = 0; i < m_counts.size(); ++i) merged[i] += m_counts[i];
  }
  m_counts = std::move(merged);
  m_edges.assign(plan.edges.begin(), plan.edges.end());  // hist_edges.astype(float32)
  m_segmentStarts = std::move(plan.segmentStarts);
}

void OrtAbsHistogram::addValues(std::span<const float> values) {
  float lo = std::numeric_limits<float>::infinity();
  float hi = -lo;
  for (float v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, std::fabs(v));
      hi = std::max(hi, std::fabs(v));
    }
  if (!(lo <= hi)) return;
  BatchPlan plan = planBatch(lo, hi);
  const int64_t n = static_cast<int64_t>(plan.edges.size()) - 1;
  const double invWidth = static_cast<double>(n) / (plan.edges.back() - plan.edges.front());
  std::vector<uint32_t> counts(static_cast<size_t>(n), 0);
  for (float v : values) {
    const int64_t bin = std::isfinite(v) ? edgeBin(std::fabs(v), plan.edges.data(), n, invWidth) : -1;
    if (bin >= 0) ++counts[static_cast<size_t>(bin)];
  }
  addBatch(std::move(plan), counts);
}

}  // namespace quantlens
