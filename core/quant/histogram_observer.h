// PyTorch's HistogramObserver range search (_non_linear_param_search) over the cached histogram.
#pragma once

#include "core/quant/observer.h"
#include "core/quant/torch_histogram.h"

namespace quantlens {

// The L2 search of torch.ao.quantization.HistogramObserver (identical in 1.13 and 2.x), run on the
// statistics' TorchHistogram with dst_nbins = 2^bits (PyTorch uses 2^(dtype bits): 256 for any
// 8-bit dtype, also for a [0, 127] quant range).
// Starting from all bins, it moves whichever end of [start, end] its 1e-5 quantile steps reach
// first, as long as the approximate L2 error (quantizationError) does not grow; ties keep going.
// The returned range is min + bin_width * start, min + bin_width * (end + 1).
// The quantile thresholds scale torch.sum(histogram), reproduced bit for bit by atenFloatSum.
class HistogramObserver : public Observer {
public:
  explicit HistogramObserver(int bits = 8) : m_bits(bits) {}
  std::vector<ClipRange> ranges(const TensorStatistics& statistics) const override;

  static ClipRange search(const TorchHistogram& histogram, int dstBins);
  // _compute_quantization_error(start, end): the L2 error of quantizing the histogram, taken as
  // uniform density within each bin, into dstBins equal buckets spanning bins [start, end] (bins
  // outside are charged their distance to the edge bucket). Evaluated in float32 elementwise as
  // PyTorch does; the sum is exact-then-rounded where PyTorch uses its cascade sum.
  static float quantizationError(const TorchHistogram& histogram, int dstBins, int startBin, int endBin);

private:
  int m_bits;
};

}  // namespace quantlens
