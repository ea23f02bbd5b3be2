// Observer names of the CLI and the checks of observer parameters.
#include "core/quant/observer_settings.h"

#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "core/error.h"

namespace quantlens {
namespace {

constexpr std::array<std::pair<ObserverKind, std::string_view>, 6> kNames = {{
    {ObserverKind::MinMax, "minmax"},
    {ObserverKind::MovingAverage, "moving-average"},
    {ObserverKind::Histogram, "histogram"},
    {ObserverKind::Percentile, "percentile"},
    {ObserverKind::Entropy, "entropy"},
    {ObserverKind::Mse, "mse"},
}};

}  // namespace

ObserverKind parseObserverKind(std::string_view name) {
  for (const auto& [kind, text] : kNames)
    if (text == name) return kind;
  throw Error("unknown observer '" + std::string(name) +
              "': expected minmax, moving-average, histogram, percentile, entropy or mse");
}

ObserverKind parseWeightObserverKind(std::string_view name) {
  const ObserverKind kind = parseObserverKind(name);
  if (kind != ObserverKind::MinMax && kind != ObserverKind::Mse)
    throw Error("weight observer '" + std::string(name) +
                "' is not supported: weights are observed whole, expected minmax or mse");
  return kind;
}

std::string_view observerKindName(ObserverKind kind) {
  for (const auto& [k, text] : kNames)
    if (k == kind) return text;
  return "unknown";
}

void validateObserverSettings(const ObserverSettings& s) {
  // 2^bits levels must fit the searches' int arithmetic; 16 bits is the widest integer dtype.
  if (s.bits < 1 || s.bits > 16)
    throw Error("observer bit width " + std::to_string(s.bits) + " is out of range: expected 1 to 16");
  if (!(s.averagingConstant > 0.0 && s.averagingConstant <= 1.0))
    throw Error("--averaging-constant " + std::to_string(s.averagingConstant) +
                " is out of range: expected 0 < C <= 1");
  // ORT's compute_percentile raises for a percentile outside [0, 100].
  if (!(s.percentile >= 0.0 && s.percentile <= 100.0))
    throw Error("--percentile " + std::to_string(s.percentile) + " is out of range: expected 0 to 100");
  if (s.entropyQuantizedBins < 1)
    throw Error("entropy quantized bin count " + std::to_string(s.entropyQuantizedBins) +
                " must be positive");
  if (s.perChannel && s.kind != ObserverKind::MinMax && s.kind != ObserverKind::MovingAverage)
    throw Error("observer '" + std::string(observerKindName(s.kind)) +
                "' is per-tensor only: per-channel activation ranges need minmax or moving-average");
}

}  // namespace quantlens
