// ONNX Runtime's percentile calibration (HistogramCollector.compute_percentile) over cached histograms.
#pragma once

#include <cstdint>
#include <span>

#include "core/quant/observer.h"

namespace quantlens {

// cdf = cumsum(hist / total) in float64 (REFERENCE-SEMANTICS §2.6):
// - symmetric (ORT's default): on the |x| histogram, t = edges[searchsorted(cdf, p / 100)], (-t, t);
// - asymmetric: on the collect_value histogram, cut = (100 - p) / 200,
//   (edges[searchsorted(cdf, cut)], edges[searchsorted(cdf, 1 - cut)]);
// then both ends are clamped to the observed signed min and max (so the result can be asymmetric).
class PercentileObserver : public Observer {
public:
  explicit PercentileObserver(double percentile = 99.99, bool symmetric = true)
      : m_percentile(percentile), m_symmetric(symmetric) {}
  std::vector<ClipRange> ranges(const TensorStatistics& statistics) const override;

  static ClipRange compute(std::span<const int64_t> counts, std::span<const float> edges, ClipRange observed,
                           double percentile, bool symmetric);

private:
  double m_percentile;
  bool m_symmetric;
};

}  // namespace quantlens
