// How the window writes numbers: dB, ranges, scales, percentages and byte counts, the same in every view.
#pragma once

#include <QString>
#include <optional>
#include <span>

#include "core/quant/clip_range.h"

namespace quantlens::ui {

QString formatValue(double value);                      // 3 significant digits: "0.00421", "-1.25", "inf"
QString formatDb(double db);                            // "35.4 dB"; "∞ dB" for an exact copy
QString formatRange(const ClipRange& range);            // "[-0.52, 0.613]"; "—" when nothing was observed
QString formatPercent(std::optional<double> fraction);  // "93.33 %"; "—" when unknown
QString formatBytes(int64_t bytes);                     // "103.0 KB (105,512 B)"
// "0.0042" for one scale; "0.0012…0.0045 (16)" for several.
QString formatScales(std::span<const float> scales);

}  // namespace quantlens::ui
