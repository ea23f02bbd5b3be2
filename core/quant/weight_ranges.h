// Clip ranges of a weight tensor, observed whole (no statistics): minmax or MSE, per tensor, channel or group.
#pragma once

#include <span>
#include <vector>

#include "core/quant/clip_range.h"
#include "core/quant/granularity.h"
#include "core/quant/observer_settings.h"
#include "core/tensor/shape.h"

namespace quantlens {

constexpr size_t kWeightMseExactLimit = 4096;

// One range per slot of QuantLayout(shape, granularity): 1 per tensor, D per channel, and per
// group of G consecutive elements along the granularity's axis the tensor's shape with D replaced
// by ceil(D / G), row-major (ONNX blocked quantization's scale layout).
// - minmax (PyTorch's MinMax/PerChannelMinMax; ORT's quantize_data): each slot's min and max;
// - mse: searchMseRange on each slot's values for 2^bits levels, symmetric or affine; slots of
//   more than kWeightMseExactLimit values are first binned into a 2048-bin histogram (uniform density per
//   bin) so that the search costs O(bins) per candidate.
// A NaN in a slot makes that slot's range NaN and a ±inf makes it infinite, for mse too (the
// qparams code reports either): a weight is a file's content, and QuantLens does not guess it.
// Throws Error for an observer other than minmax or mse, or an axis or group size that does not
// fit the shape.
std::vector<ClipRange> observeWeightRanges(std::span<const float> weights, const Shape& shape,
                                           const Granularity& granularity, const ObserverSettings& settings);

}  // namespace quantlens
