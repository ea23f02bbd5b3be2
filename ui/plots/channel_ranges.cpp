// Per-channel ranges of a quantized weight.
#include "ui/plots/channel_ranges.h"

#include <algorithm>
#include <limits>

#include "core/quant/fp8.h"
#include "core/quant/quant_dtype.h"
#include "core/quant/quant_layout.h"

namespace quantlens::ui {

ClipRange representableRange(const QuantScheme& scheme, float scale, int32_t zeroPoint) {
  switch (scheme.dtype) {
    case QuantDtype::Fp8E4M3:
    case QuantDtype::Fp8E5M2: {
      const float max = scale * fp8MaxValue(scheme.dtype == QuantDtype::Fp8E4M3 ? Fp8Format::E4M3Fn : Fp8Format::E5M2);
      return {-max, max};
    }
    case QuantDtype::Nf4: return {-scale, scale};
    default: {
      const QuantRange range = scheme.quantRange();
      return {scale * static_cast<float>(range.min - zeroPoint), scale * static_cast<float>(range.max - zeroPoint)};
    }
  }
}

ChannelRanges channelRanges(const Tensor& weight, int64_t channelAxis, const QParams& qparams) {
  const Shape& shape = weight.shape();
  const int64_t axis = normalizeAxis(channelAxis, weight.rank());
  const int64_t channels = axis >= 0 ? shape[static_cast<size_t>(axis)] : 1;
  int64_t inner = 1;
  for (size_t d = static_cast<size_t>(axis) + 1; d < shape.size(); ++d) inner *= shape[d];

  ChannelRanges result;
  const size_t n = static_cast<size_t>(channels);
  result.weight.assign(n, ClipRange{});
  result.grid.assign(n, ClipRange{});
  result.scaleMin.assign(n, std::numeric_limits<float>::infinity());
  result.scaleMax.assign(n, -std::numeric_limits<float>::infinity());

  const QuantLayout layout(shape, qparams.scheme.granularity);
  std::vector<ClipRange> slotGrid;
  slotGrid.reserve(qparams.slotCount());
  for (size_t s = 0; s < qparams.slotCount(); ++s)
    slotGrid.push_back(representableRange(qparams.scheme, qparams.scales[s], qparams.zeroPoints[s]));

  const std::span<const float> values = weight.values<float>();
  for (int64_t i = 0; i < weight.numel(); ++i) {
    const size_t c = static_cast<size_t>((i / inner) % channels);
    const size_t slot = static_cast<size_t>(layout.slotOf(i));
    const float v = values[static_cast<size_t>(i)];
    ClipRange& w = result.weight[c];
    w.min = std::min(w.min, v);
    w.max = std::max(w.max, v);
    ClipRange& g = result.grid[c];
    g.min = std::min(g.min, slotGrid[slot].min);
    g.max = std::max(g.max, slotGrid[slot].max);
    result.scaleMin[c] = std::min(result.scaleMin[c], qparams.scales[slot]);
    result.scaleMax[c] = std::max(result.scaleMax[c], qparams.scales[slot]);
  }
  return result;
}

}  // namespace quantlens::ui
