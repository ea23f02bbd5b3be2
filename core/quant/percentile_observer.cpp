// compute_percentile: searchsorted on the float64 CDF, edges as float32, clamped to the data range.
#include "core/quant/percentile_observer.h"

#include <algorithm>
#include <vector>

#include "core/quant/clip_range_fixes.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens {

std::vector<ClipRange> PercentileObserver::ranges(const TensorStatistics& statistics) const {
  if (statistics.empty()) return {ClipRange{}};
  if (m_symmetric) {
    const OrtAbsHistogram& h = statistics.ortAbsHistogram();
    return {compute(h.counts(), h.edges(), statistics.range(), m_percentile, true)};
  }
  const OrtValueHistogram& h = statistics.ortPercentileHistogram();
  return {compute(h.counts(), h.edges(), statistics.range(), m_percentile, false)};
}

ClipRange PercentileObserver::compute(std::span<const int64_t> counts, std::span<const float> edges,
                                      ClipRange observed, double percentile, bool symmetric) {
  int64_t total = 0;
  for (int64_t c : counts) total += c;
  // Every value dropped from the histogram (ORT drops |x| below the first batch's smallest): numpy
  // would divide by zero; the observed range is all there is.
  if (total == 0) return observed;
  std::vector<double> cdf(counts.size());
  double running = 0.0;
  for (size_t i = 0; i < counts.size(); ++i) {
    running += static_cast<double>(counts[i]) / static_cast<double>(total);
    cdf[i] = running;
  }
  // np.searchsorted(cdf, q) (side 'left'): the first index with cdf >= q; len(cdf) when none,
  // which still indexes the last edge.
  const auto edgeAt = [&](double q) {
    return edges[static_cast<size_t>(std::lower_bound(cdf.begin(), cdf.end(), q) - cdf.begin())];
  };
  ClipRange range;
  if (symmetric) {
    const float t = edgeAt(percentile / 100.0);
    range = {-t, t};
  } else {
    const double cut = (100.0 - percentile) / 200.0;
    range = {edgeAt(cut), edgeAt(1.0 - cut)};
  }
  if (range.min < observed.min) range.min = observed.min;
  if (range.max > observed.max) range.max = observed.max;
  return collapseInverted(range);
}

}  // namespace quantlens
