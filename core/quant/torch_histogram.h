// The histogram state of PyTorch's HistogramObserver (>= 2.5 merge), kept batch by batch for the L2 search.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace quantlens {

// float32 bins over [min, max] as in torch.ao.quantization.HistogramObserver since PyTorch 2.5
// (PR #129387, #130316; REFERENCE-SEMANTICS §1.4):
// - first batch: hist = histc(x, bins, x_min, x_max);
// - later: the union range [nmin, nmax]; upd = histc(x, bins, nmin, nmax); if the range did not
//   grow hist += upd, else hist = upd + upscale(hist): each old bin split into 16 fine bins of
//   1/16 of its count, each fine bin moved whole into the new bin holding its mid-point (edges and
//   mid-points from float32 torch.linspace as PyTorch >= 2.0 computes it, to the ulp);
//   a one-value histogram (min == max) moves as a whole into the bin of that value.
// Batches hold only finite values: the caller drops NaN (PyTorch would fail on it) and ±inf
// (dropped by PyTorch >= 2.5 too).
class TorchHistogram {
public:
  static constexpr int kDefaultBins = 2048;  // HistogramObserver's bins
  static constexpr int kUpsample = 16;       // fixed upsample rate since 2.5

  explicit TorchHistogram(int bins = kDefaultBins);

  int bins() const { return m_bins; }
  bool empty() const { return !(m_min <= m_max); }
  float min() const { return m_min; }  // the observer's min_val buffer (+inf while empty)
  float max() const { return m_max; }
  std::span<const float> counts() const { return m_counts; }

  // The float32 range torch.histc bins one batch over (its bin_edges[0] and bin_edges[-1]): the
  // batch's own [min, max] first, later the union with the stored range; histc turns an empty
  // range [v, v] into [v - 1, v + 1].
  struct HistcRange {
    float lo;
    float hi;
  };
  HistcRange batchRange(float batchMin, float batchMax) const;

  // torch.histc's bin for lo <= x <= hi, LINEAR_INTERPOLATION in float32:
  // (int64)((x - lo) * bins / (hi - lo)), and x == hi goes to the last bin.
  static int histcBin(float x, HistcRange range, int bins) {
    const int bin = static_cast<int>(((x - range.lo) * static_cast<float>(bins)) / (range.hi - range.lo));
    return bin < bins ? bin : bins - 1;
  }

  // Merges one batch given its finite extremes and its histc counts on batchRange(min, max).
  void addBatch(float batchMin, float batchMax, std::span<const uint32_t> batchCounts);
  // histc + addBatch over the finite values of `values` (tests and small tensors).
  void addValues(std::span<const float> values);

private:
  // _upscale_histogram: the stored histogram re-binned onto [newMin, newMax].
  std::vector<float> upscaledOnto(float newMin, float newMax) const;

  int m_bins;
  float m_min = std::numeric_limits<float>::infinity();
  float m_max = -std::numeric_limits<float>::infinity();
  std::vector<float> m_counts;
};

}  // namespace quantlens
