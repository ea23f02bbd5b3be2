// A clipping range [min, max] chosen by an observer: what the qparams arithmetic turns into a scale.
#pragma once

#include <cmath>
#include <limits>

namespace quantlens {

struct ClipRange {
  // The default is PyTorch's uninitialised observer buffers (+inf, -inf): "nothing observed",
  // which PyTorch's _calculate_qparams maps to scale 1, zero point 0.
  float min = std::numeric_limits<float>::infinity();
  float max = -std::numeric_limits<float>::infinity();

  bool observed() const { return min <= max; }
  bool operator==(const ClipRange&) const = default;
};

}  // namespace quantlens
