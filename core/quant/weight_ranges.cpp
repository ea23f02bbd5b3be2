// Weight clip ranges per slot of the quantization layout: slotMinMax, then optionally the MSE search.
#include "core/quant/weight_ranges.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/quant/histogram_moments.h"
#include "core/quant/mse_search.h"
#include "core/quant/quant_layout.h"
#include "core/quant/torch_histogram.h"

namespace quantlens {

std::vector<ClipRange> observeWeightRanges(std::span<const float> weights, const Shape& shape,
                                           const Granularity& granularity, const ObserverSettings& settings) {
  if (settings.kind != ObserverKind::MinMax && settings.kind != ObserverKind::Mse)
    throw Error("weight observer '" + std::string(observerKindName(settings.kind)) +
                "' is not supported: expected minmax or mse");
  validateObserverSettings(settings);
  const QuantLayout layout(shape, granularity);
  if (layout.elementCount() != static_cast<int64_t>(weights.size()))
    throw Error("weight of shape " + shapeToString(shape) + " has " + std::to_string(weights.size()) + " values");
  const size_t slots = static_cast<size_t>(layout.slotCount());
  std::vector<float> mins(slots), maxs(slots);
  slotMinMax(weights, layout, mins, maxs);
  std::vector<ClipRange> ranges(slots);
  for (size_t i = 0; i < slots; ++i) ranges[i] = {mins[i], maxs[i]};
  if (settings.kind == ObserverKind::MinMax) return ranges;

  // Gather each slot's values into one buffer, slot after slot.
  std::vector<size_t> offsets(slots + 1, 0);
  layout.forEachRun([&](int64_t, int64_t count, int64_t slot, int64_t stride) {
    if (stride == 0) offsets[static_cast<size_t>(slot) + 1] += static_cast<size_t>(count);
    else
      for (int64_t k = 0; k < count; ++k) ++offsets[static_cast<size_t>(slot + k * stride) + 1];
  });
  for (size_t i = 0; i < slots; ++i) offsets[i + 1] += offsets[i];
  std::vector<float> grouped(weights.size());
  std::vector<size_t> fill(offsets.begin(), offsets.end() - 1);
  layout.forEachRun([&](int64_t offset, int64_t count, int64_t slot, int64_t stride) {
    for (int64_t k = 0; k < count; ++k)
      grouped[fill[static_cast<size_t>(slot + k * stride)]++] = weights[static_cast<size_t>(offset + k)];
  });

  for (size_t i = 0; i < slots; ++i) {
    if (!std::isfinite(ranges[i].min) || !std::isfinite(ranges[i].max)) continue;
    const std::span<const float> values(grouped.data() + offsets[i], offsets[i + 1] - offsets[i]);
    if (values.size() <= kWeightMseExactLimit) {
      ranges[i] = searchMseRange(ranges[i], settings.bits, settings.symmetric,
                                 [&](const QuantGrid& grid) { return squaredError(values, grid); });
    } else {
      TorchHistogram histogram;
      histogram.addValues(values);
      const HistogramMoments moments(histogram);  // the same error, O(grid cells) per candidate
      ranges[i] = searchMseRange(ranges[i], settings.bits, settings.symmetric,
                                 [&](const QuantGrid& grid) { return moments.squaredError(grid); });
    }
  }
  return ranges;
}

}  // namespace quantlens
