// Per-output-channel view of a quantized weight: each channel's FP32 range, the range its
// quantization grid covers and its scale(s), the data of the channel-range plot.
#pragma once

#include <cstdint>
#include <vector>

#include "core/quant/clip_range.h"
#include "core/quant/qparams.h"
#include "core/tensor/tensor.h"

namespace quantlens::ui {

struct ChannelRanges {
  std::vector<ClipRange> weight;  // min/max of the channel's FP32 weights
  std::vector<ClipRange> grid;    // real values the channel's codes can represent (union over its groups)
  std::vector<float> scaleMin;    // smallest and largest scale used in the channel (equal unless per-group)
  std::vector<float> scaleMax;
  size_t size() const { return weight.size(); }
};

// The range slot qparams (scale, zero point) represent: scale·(qmin − zp) … scale·(qmax − zp) for
// integer dtypes, ±scale·max for FP8, ±scale (the block's absmax) for NF4.
ClipRange representableRange(const QuantScheme& scheme, float scale, int32_t zeroPoint);

// Channels along `channelAxis` of `weight` (float32) quantized with `qparams` (any granularity).
ChannelRanges channelRanges(const Tensor& weight, int64_t channelAxis, const QParams& qparams);

}  // namespace quantlens::ui
