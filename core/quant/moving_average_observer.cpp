// Exponential moving average of per-batch extremes, as MovingAverageMinMaxObserver.forward computes it.
#include "core/quant/moving_average_observer.h"

#include "core/error.h"
#include "core/quant/tensor_statistics.h"

namespace quantlens {

ClipRange MovingAverageObserver::average(std::span<const ClipRange> batches, float c) {
  ClipRange range;
  for (const ClipRange& batch : batches) {
    if (!batch.observed()) continue;
    if (!range.observed()) {
      range = batch;
      continue;
    }
    // min_val + averaging_constant * (min_val_cur - min_val), every step in float32.
    range.min = range.min + c * (batch.min - range.min);
    range.max = range.max + c * (batch.max - range.max);
  }
  return range;
}

std::vector<ClipRange> MovingAverageObserver::ranges(const TensorStatistics& statistics) const {
  const float c = static_cast<float>(m_averagingConstant);
  if (!m_perChannel) return {average(statistics.batchRanges(), c)};
  if (!statistics.options().channelBatchRanges)
    throw Error("per-channel moving average of '" + statistics.name() +
                "' needs per-batch channel ranges, which this calibration did not keep");
  const int64_t channels = statistics.channelCount();
  std::vector<ClipRange> result(static_cast<size_t>(channels));
  std::vector<ClipRange> sequence(static_cast<size_t>(statistics.batchCount()));
  for (int64_t c0 = 0; c0 < channels; ++c0) {
    for (int64_t b = 0; b < statistics.batchCount(); ++b)
      sequence[static_cast<size_t>(b)] = statistics.channelBatchRanges(b)[static_cast<size_t>(c0)];
    result[static_cast<size_t>(c0)] = average(sequence, c);
  }
  return result;
}

}  // namespace quantlens
