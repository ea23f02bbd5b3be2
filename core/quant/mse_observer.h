// The MSE observer: the clip range with the least expected squared quantization error on the histogram.
#pragma once

#include "core/quant/observer.h"

namespace quantlens {

// Runs searchMseRange (mse_search.h) on the statistics' PyTorch histogram (2048 bins over the
// observed [min, max], each bin's count spread uniformly), for 2^bits levels, symmetric or affine;
// the candidates are priced by HistogramMoments (about 3 µs each at 8 bits).
class MseObserver : public Observer {
public:
  MseObserver(int bits = 8, bool symmetric = false) : m_bits(bits), m_symmetric(symmetric) {}
  std::vector<ClipRange> ranges(const TensorStatistics& statistics) const override;

private:
  int m_bits;
  bool m_symmetric;
};

}  // namespace quantlens
