// MSE clip search over the cached histogram.
#include "core/quant/mse_observer.h"

#include "core/quant/histogram_moments.h"
#include "core/quant/mse_search.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens {

std::vector<ClipRange> MseObserver::ranges(const TensorStatistics& statistics) const {
  const TorchHistogram& histogram = statistics.torchHistogram();
  const ClipRange observed{histogram.min(), histogram.max()};
  // Prefix moments once, then each of the search's hundreds of candidates in O(2^bits).
  const HistogramMoments moments(histogram);
  return {searchMseRange(observed, m_bits, m_symmetric,
                         [&](const QuantGrid& grid) { return moments.squaredError(grid); })};
}

}  // namespace quantlens
