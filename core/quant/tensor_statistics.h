// Calibration statistics of one tensor, updated batch by batch: enough for every observer, never the values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/quant/clip_range.h"
#include "core/quant/ort_abs_histogram.h"
#include "core/quant/ort_value_histogram.h"
#include "core/quant/torch_histogram.h"

namespace quantlens {

class Tensor;

struct TensorStatisticsOptions {
  int64_t channelAxis = 1;       // NCHW activations; negative counts from the back
  int torchBins = TorchHistogram::kDefaultBins;  // PyTorch HistogramObserver bins
  int ortEntropyBins = 128;      // ORT create_calibrator: num_bins of entropy calibration
  int ortPercentileBins = 2048;  // ORT create_calibrator: num_bins of percentile calibration
  bool channelBatchRanges = true;  // keep per-channel per-batch min/max (per-channel moving average)
};

// Decision 1 of DESIGN.md: one calibration pass keeps
// - the running min/max (MinMaxObserver) and the per-batch (min, max) sequence, from which a
//   moving average with any averaging constant is re-derived;
// - per-channel min/max along options.channelAxis and, optionally, per batch;
// - PyTorch >= 2.5 HistogramObserver's histogram (histogram and MSE observers);
// - ONNX Runtime's HistogramCollector states: collect_value with ortEntropyBins (entropy) and with
//   ortPercentileBins (asymmetric percentile), collect_absolute_value with ortPercentileBins
//   (symmetric percentile, TensorRT entropy).
// Each update makes two passes over the batch: one for the extremes (min/max overall, per channel,
// of |x|), which fix every histogram's range, and one binning each value into all histograms.
//
// Non-finite values. NaN is skipped and counted (nanCount()): PyTorch's observers would turn min/max
// into NaN and ORT's np.histogram would fail on it, so skipping is the only way to keep a range.
// ±inf is skipped and counted too (infCount()), in every statistic: PyTorch >= 2.5's
// HistogramObserver drops it from the histogram, and any finite clip range saturates it anyway.
// A batch without a finite value changes nothing but these counts.
class TensorStatistics {
public:
  explicit TensorStatistics(TensorStatisticsOptions options = {});

  const TensorStatisticsOptions& options() const { return m_options; }

  // Adds one batch in row-major order of `shape`. Throws Error when the value count does not match
  // the shape or the channel count differs from the first batch's; `name` goes into the message.
  void update(std::span<const float> values, std::span<const int64_t> shape);
  void update(const Tensor& tensor);  // a Float32 tensor
  void setName(std::string name) { m_name = std::move(name); }
  const std::string& name() const { return m_name; }

  bool empty() const { return m_batchRanges.empty(); }  // no finite value seen yet
  int64_t batchCount() const { return static_cast<int64_t>(m_batchRanges.size()); }
  int64_t finiteCount() const { return m_finiteCount; }
  int64_t nanCount() const { return m_nanCount; }
  int64_t infCount() const { return m_infCount; }

  ClipRange range() const { return m_range; }  // (+inf, -inf) while empty
  std::span<const ClipRange> batchRanges() const { return m_batchRanges; }
  int64_t channelCount() const { return m_channelCount; }  // 0 before the first batch
  std::span<const ClipRange> channelRanges() const { return m_channelRanges; }
  // Per-channel ranges of batch `batch` (an unobserved channel is (+inf, -inf)); empty when
  // options().channelBatchRanges is off.
  std::span<const ClipRange> channelBatchRanges(int64_t batch) const;

  const TorchHistogram& torchHistogram() const { return m_torch; }
  const OrtValueHistogram& ortEntropyHistogram() const { return m_ortEntropy; }
  const OrtValueHistogram& ortPercentileHistogram() const { return m_ortPercentile; }
  const OrtAbsHistogram& ortAbsHistogram() const { return m_ortAbs; }

  size_t memoryBytes() const;

private:
  TensorStatisticsOptions m_options;
  std::string m_name;
  int64_t m_finiteCount = 0;
  int64_t m_nanCount = 0;
  int64_t m_infCount = 0;
  ClipRange m_range;
  std::vector<ClipRange> m_batchRanges;
  int64_t m_channelCount = 0;
  std::vector<ClipRange> m_channelRanges;
  std::vector<ClipRange> m_channelBatchRanges;  // batch-major, channelCount per observed batch
  TorchHistogram m_torch;
  OrtValueHistogram m_ortEntropy;
  OrtValueHistogram m_ortPercentile;
  OrtAbsHistogram m_ortAbs;
  // Per-batch bin counters, kept to avoid reallocating them every batch.
  std::vector<uint32_t> m_torchCounts, m_entropyCounts, m_percentileCounts, m_absCounts;
};

}  // namespace quantlens
