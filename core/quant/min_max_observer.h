// PyTorch's MinMaxObserver and PerChannelMinMaxObserver over cached statistics.
#pragma once

#include "core/quant/observer.h"

namespace quantlens {

// min = min over all batches, max likewise (per channel: along the statistics' channel axis).
class MinMaxObserver : public Observer {
public:
  explicit MinMaxObserver(bool perChannel = false) : m_perChannel(perChannel) {}
  std::vector<ClipRange> ranges(const TensorStatistics& statistics) const override;

private:
  bool m_perChannel;
};

}  // namespace quantlens
