// ONNX Runtime's HistogramCollector.collect_absolute_value state: a histogram of |x| that grows to the right.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace quantlens {

// calibrate.py collect_absolute_value (REFERENCE-SEMANTICS §2.4, checked against the source):
// - first batch: np.histogram(|x|, bins) over numpy's default range [min |x|, max |x|] (not
//   [0, max |x|]; an empty range [v, v] becomes [v - 0.5, v + 0.5]);
// - a later batch reaching past the last edge appends edges np.arange(last + w, max|x| + w, w)
//   (float64, so this batch is binned on float64 edges; the stored edges are float32 again);
// - the batch is binned on the (grown) edges, values outside them dropped as numpy does (e.g. |x|
//   below the first batch's min |x|), and the old counts are added to the first bins.
// One collect_data() call per batch, and the kMaxBins bound, as for OrtValueHistogram.
class OrtAbsHistogram {
public:
  static constexpr int64_t kMaxBins = int64_t{1} << 16;

  explicit OrtAbsHistogram(int bins);

  int initialBins() const { return m_initialBins; }
  bool empty() const { return m_edges.empty(); }
  int64_t bins() const { return static_cast<int64_t>(m_counts.size()); }
  std::span<const int64_t> counts() const { return m_counts; }
  std::span<const float> edges() const { return m_edges; }
  bool approximate() const { return m_approximate; }
  // Edge indices where a run of evenly spaced edges starts: 0, then where each growth appended
  // its np.arange (each run has its own spacing; binning estimates use them piece by piece).
  std::span<const int64_t> segmentStarts() const { return m_segmentStarts; }

  struct BatchPlan {
    std::vector<double> edges;  // what np.histogram compares |x| with for this batch
    std::vector<int64_t> segmentStarts{0};
    bool rebinStored = false;   // over kMaxBins: stored counts re-binned by their bin centres
  };
  // From the batch's smallest and largest finite |x|.
  BatchPlan planBatch(float batchMinAbs, float batchMaxAbs) const;
  void addBatch(BatchPlan plan, std::span<const uint32_t> batchCounts);
  void addValues(std::span<const float> values);

private:
  int m_initialBins;
  std::vector<int64_t> m_counts;
  std::vector<float> m_edges;
  std::vector<int64_t> m_segmentStarts{0};
  bool m_approximate = false;
};

}  // namespace quantlens
