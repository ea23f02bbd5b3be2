// Entropy (KL divergence) calibration: ONNX Runtime's get_entropy_threshold, or TensorRT's slide algorithm.
#pragma once

#include <cstdint>
#include <span>

#include "core/quant/observer.h"
#include "core/quant/observer_settings.h"

namespace quantlens {

// ONNX Runtime (calibrate.py get_entropy_threshold, REFERENCE-SEMANTICS §2.5), on the collect_value
// histogram with `histogramBins` initial bins (ORT's num_bins) and `quantizedBins` levels:
//   for i in [nq/2, nbins/2]: keep bins [z-i, z+i+1) (z = nbins/2) with the outliers added to the
//   end bins (p); merge them into nq groups of m = len/nq bins, the remainder into the last group;
//   spread each group's count over its non-zero bins of p with int64 truncation (q); smooth both
//   (zeros get 1e-4, non-zeros give it back, float32) and take scipy's entropy(p, q) in float32.
//   The first minimum wins; its edges are clamped to the observed min and max. With ORT's
//   defaults (128 bins, 128 levels) there is one candidate: the whole range.
//   Where ORT would stop on an assertion (smoothing a distribution with fewer than one non-zero per
//   10^4 zeros), that candidate counts as infinitely far; with fewer bins than levels the result
//   is the observed range.
// TensorRT (GTC 2017 slides, §3), on the |x| histogram with L = 2^(bits-1) levels (2^bits
// unsigned): for i in [L, nbins): P = the first i bins with the rest added to the last; Q = those
//   i bins merged into L groups (bin j in group floor(j*L/i), as pytorch-quantization) and spread
//   over each group's non-empty bins; KL(P||Q) unsmoothed, infinite where Q = 0 < P. The first
//   minimum m gives t = edges[0] + (m + 0.5) * bin width, the range (-t, t), t at most max |x|.
class EntropyObserver : public Observer {
public:
  EntropyObserver(EntropyVariant variant, int histogramBins, int quantizedBins, int bits, bool isUnsigned)
      : m_variant(variant), m_histogramBins(histogramBins), m_quantizedBins(quantizedBins), m_bits(bits),
        m_isUnsigned(isUnsigned) {}
  std::vector<ClipRange> ranges(const TensorStatistics& statistics) const override;

  static ClipRange onnxRuntimeThreshold(std::span<const int64_t> counts, std::span<const float> edges,
                                        ClipRange observed, int quantizedBins, double* bestDivergence = nullptr);
  static ClipRange tensorRtThreshold(std::span<const int64_t> counts, std::span<const float> edges, int levels,
                                     double* bestDivergence = nullptr);

private:
  EntropyVariant m_variant;
  int m_histogramBins;
  int m_quantizedBins;
  int m_bits;
  bool m_isUnsigned;
};

}  // namespace quantlens
