// ONNX Runtime's HistogramCollector.collect_value state: a histogram of x symmetric around 0 that grows.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace quantlens {

// calibrate.py collect_value + merge_histogram (REFERENCE-SEMANTICS §2.4), one batch per collect():
// - first batch: th = max(|min|, |max|); np.histogram(x, bins, range=(-th, th)) (th == 0 gives
//   (-0.5, 0.5), numpy's widening of an empty range);
// - a batch with th <= the stored threshold is binned on the stored edges and added;
// - a larger th adds h = (th - old) // stride + 1 bins of the old stride on each side (the
//   threshold becomes old + h * stride, a float64 from then on, as in numpy 1.x) and the old counts
//   land in the middle.
// ORT collects all batches of one collect_data() call at once; QuantLens streams, which equals ORT
// calling collect_data() once per batch. Unlike ORT, memory is bounded: a histogram that would
// grow beyond kMaxBins bins is re-binned onto kMaxBins bins by bin centres and marked approximate().
class OrtValueHistogram {
public:
  static constexpr int64_t kMaxBins = int64_t{1} << 16;

  explicit OrtValueHistogram(int bins);

  int initialBins() const { return m_initialBins; }  // ORT's num_bins
  bool empty() const { return m_edges.empty(); }
  int64_t bins() const { return static_cast<int64_t>(m_counts.size()); }
  std::span<const int64_t> counts() const { return m_counts; }
  std::span<const float> edges() const { return m_edges; }  // bins() + 1 float32 edges
  double threshold() const { return m_threshold; }
  bool approximate() const { return m_approximate; }

  // How one batch is binned: np.histogram's float32 edges, and where the stored counts go.
  struct BatchPlan {
    std::vector<float> edges;
    int64_t storedOffset = 0;  // hist[offset : offset + stored bins] += stored counts
    double threshold = 0.0;
    bool thresholdIsFloat32 = true;
    bool rebinStored = false;  // over kMaxBins: stored counts re-binned by their bin centres
  };
  BatchPlan planBatch(float batchMin, float batchMax) const;
  // Merges a batch whose counts over plan.edges are `batchCounts` (bin i: edges[i] <= x < edges[i+1]).
  void addBatch(BatchPlan plan, std::span<const uint32_t> batchCounts);
  // planBatch + binning + addBatch over the finite values of `values` (tests).
  void addValues(std::span<const float> values);

private:
  int m_initialBins;
  std::vector<int64_t> m_counts;
  std::vector<float> m_edges;
  double m_threshold = 0.0;
  bool m_thresholdIsFloat32 = true;  // numpy's type of the stored threshold decides a subtraction
  bool m_approximate = false;
};

}  // namespace quantlens
