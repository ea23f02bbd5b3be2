// Running min/max, overall or per channel.
#include "core/quant/min_max_observer.h"

#include "core/quant/tensor_statistics.h"

namespace quantlens {

std::vector<ClipRange> MinMaxObserver::ranges(const TensorStatistics& statistics) const {
  if (!m_perChannel) return {statistics.range()};
  const auto channels = statistics.channelRanges();
  return {channels.begin(), channels.end()};
}

}  // namespace quantlens
