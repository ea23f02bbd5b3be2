// Parsing and naming of quantization granularities.
#include "core/quant/granularity.h"

#include <charconv>

#include "core/error.h"

namespace quantlens {

Granularity parseGranularity(std::string_view text) {
  if (text == "per-tensor") return Granularity::perTensor();
  if (text == "per-channel") return Granularity::perChannel();
  constexpr std::string_view kGroupPrefix = "per-group:";
  if (text.starts_with(kGroupPrefix)) {
    const std::string_view digits = text.substr(kGroupPrefix.size());
    int64_t groupSize = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), groupSize);
    if (!digits.empty() && ec == std::errc() && end == digits.data() + digits.size() && groupSize > 0)
      return Granularity::perGroup(groupSize);
  }
  throw Error("granularity '" + std::string(text) +
              "' is not valid: expected per-tensor, per-channel or per-group:G with G a positive "
              "integer group size");
}

std::string granularityName(const Granularity& granularity) {
  switch (granularity.kind) {
    case GranularityKind::PerTensor: return "per-tensor";
    case GranularityKind::PerChannel: return "per-channel";
    case GranularityKind::PerGroup: return "per-group:" + std::to_string(granularity.groupSize);
  }
  return "unknown";
}

}  // namespace quantlens
