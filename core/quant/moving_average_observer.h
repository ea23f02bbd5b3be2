// PyTorch's MovingAverage(PerChannel)MinMaxObserver re-derived from the per-batch min/max sequence.
#pragma once

#include <span>

#include "core/quant/observer.h"

namespace quantlens {

// The first batch sets (min, max); each later batch moves them toward its own extremes:
// min += c * (batch_min - min), in float32 with c rounded to float32 as PyTorch's tensor
// arithmetic does. Because the statistics keep every batch's extremes, any constant c can be
// tried after calibration. A batch without finite values (or, per channel, without values in that
// channel) is skipped, where PyTorch would turn the range into NaN.
class MovingAverageObserver : public Observer {
public:
  explicit MovingAverageObserver(double averagingConstant = 0.01, bool perChannel = false)
      : m_averagingConstant(averagingConstant), m_perChannel(perChannel) {}
  std::vector<ClipRange> ranges(const TensorStatistics& statistics) const override;

  // The moving average of a sequence of batch ranges; unobserved entries are skipped.
  static ClipRange average(std::span<const ClipRange> batches, float averagingConstant);

private:
  double m_averagingConstant;
  bool m_perChannel;
};

}  // namespace quantlens
