// Repairs of ONNX Runtime thresholds that its own qparams arithmetic tolerates but a range must not have.
#pragma once

#include "core/quant/clip_range.h"

namespace quantlens {

// ORT clamps a threshold pair to the observed [min, max] end by end, so a bin edge just below a
// positive minimum (a constant batch, say) yields min > max. ORT's compute_scale_zp only uses
// min(rmin, 0) and max(rmax, 0), so collapsing the pair onto the end that matters keeps its
// scale and zero point while giving the qparams code a valid range.
inline ClipRange collapseInverted(ClipRange range) {
  if (range.min > range.max) {
    if (range.max >= 0.0f) range.min = range.max;
    else range.max = range.min;
  }
  return range;
}

}  // namespace quantlens
