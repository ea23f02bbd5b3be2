// Quantization parameters (scales and zero points per slot) and how they follow from observed ranges.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/quant/clip_range.h"
#include "core/quant/quant_scheme.h"
#include "core/tensor/tensor.h"

namespace quantlens {

// One slot's parameters: real = scale * (code - zeroPoint).
struct ScaleZeroPoint {
  float scale = 1.0f;
  int32_t zeroPoint = 0;
  bool operator==(const ScaleZeroPoint&) const = default;
};

// Scales and zero points of one tensor, one per slot of its QuantLayout (1 per-tensor, D
// per-channel, ONNX blocked order per-group). FP8 and NF4 have zero points 0; for NF4 the scale is
// the block's absmax.
struct QParams {
  QuantScheme scheme;
  std::vector<float> scales;
  std::vector<int32_t> zeroPoints;

  int64_t axis() const { return scheme.granularity.axis; }            // as given; may be negative
  int64_t groupSize() const { return scheme.granularity.groupSize; }  // 0 unless per-group
  size_t slotCount() const { return scales.size(); }

  static QParams perTensor(float scale, int32_t zeroPoint, const QuantScheme& scheme);
};

// The scale and zero point of one range [min, max] under `scheme` (which must be valid):
// - (min, max) == (+inf, -inf), an observer that saw no data: scale 1, zero point 0 (PyTorch's
//   check_min_max_valid; ORT never computes qparams without data).
// - PyTorch (_calculate_qparams, REFERENCE-SEMANTICS §1.2), float32 at every step:
//   min_neg = min(min, 0), max_pos = max(max, 0) (0 must be exactly representable);
//   symmetric: scale = max(max(-min_neg, max_pos) / ((qmax - qmin) / 2), eps), zero point 0 or,
//   unsigned, 128 (uint8), 32768 (uint16) or (qmin + qmax) // 2 for custom / 4-bit / N-bit ranges;
//   affine: scale = max((max_pos - min_neg) / (qmax - qmin), eps),
//   zero point = clamp(qmin - rne(min_neg / scale), qmin, qmax); eps = 1.1920929e-07 (FLT_EPSILON).
// - ONNX Runtime (compute_scale_zp, §2.2): the range is widened to contain 0 and optionally to
//   min_real_range, symmetrized to ±absmax when symmetric; scale = float64(rmax - rmin) /
//   (qmax - qmin), then rounded to float32; below FLT_MIN it becomes 1 with zero point 0;
//   zero point = rne((qmin + qmax) / 2) when symmetric, else rne(qmin - rmin / scale) in float64.
// - FP8 (ORT / TensorRT style): scale = absmax / max finite value (448 E4M3FN, 57344 E5M2); an
//   absmax of 0 gives scale 1. Zero point 0.
// - NF4 (bitsandbytes): scale = the block's absmax, or 1 when it is 0 (bitsandbytes stores 0 and
//   its kernel then maps the block's zeros through NaN to code 0; the dequantized values, 0, agree).
// Throws Error for a NaN or infinite bound or for min > max.
ScaleZeroPoint computeScaleZeroPoint(float min, float max, const QuantScheme& scheme);

// One (scale, zero point) per range, in the order given (the slot order of QuantLayout). The scheme
// is validated first; a per-tensor scheme takes exactly one range. Errors name the slot.
QParams computeQParams(std::span<const float> mins, std::span<const float> maxs, const QuantScheme& scheme);
QParams computeQParams(float min, float max, const QuantScheme& scheme);
// The observers' output (one ClipRange per slot) turned into qparams.
QParams computeQParams(std::span<const ClipRange> ranges, const QuantScheme& scheme);
// The qparams of a float32 tensor from its own min/max per slot (how weights are calibrated).
QParams computeQParams(const Tensor& values, const QuantScheme& scheme);

}  // namespace quantlens
