// Which samples a run uses, in which order: the first N, or a seeded shuffle that is the same everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace quantlens {

// Pass as `count` to take every sample.
inline constexpr int64_t kAllSamples = -1;

// min(count, size) sample indices out of 0..size-1 (all of them when count < 0). Without a seed:
// 0, 1, 2, ... With a seed: a Fisher-Yates shuffle driven by std::mt19937_64(seed), with our own
// unbiased bounded draw instead of std::uniform_int_distribution (whose algorithm differs between
// standard libraries), so a seed gives the same order on every platform. The shuffle runs from
// the front, so a larger count extends a smaller one's order rather than changing it.
std::vector<int64_t> sampleOrder(int64_t size, int64_t count, std::optional<uint64_t> shuffleSeed = std::nullopt);

}  // namespace quantlens
