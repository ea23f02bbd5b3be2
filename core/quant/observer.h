// An observer: turns a tensor's calibration statistics into clip ranges, without the data.
#pragma once

#include <vector>

#include "core/quant/clip_range.h"

namespace quantlens {

class TensorStatistics;

class Observer {
public:
  virtual ~Observer() = default;
  // One range for the tensor, or one per channel of the statistics for a per-channel observer.
  // Statistics that saw no finite value give the unobserved range (+inf, -inf).
  virtual std::vector<ClipRange> ranges(const TensorStatistics& statistics) const = 0;
};

}  // namespace quantlens
