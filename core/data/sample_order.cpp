// Sample order: identity prefix or a portable seeded Fisher-Yates shuffle.
#include "core/data/sample_order.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <random>

namespace quantlens {
namespace {

// Uniform in 0..bound-1 by rejection: draws below 2^64 mod bound are redrawn so every residue
// is equally likely. mt19937_64's output sequence is fixed by the C++ standard.
uint64_t uniformBelow(std::mt19937_64& rng, uint64_t bound) {
  assert(bound > 0 && "cannot draw from an empty range");
  const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound, in unsigned arithmetic
  uint64_t draw = rng();
  while (draw < threshold) draw = rng();
  return draw % bound;
}

}  // namespace

std::vector<int64_t> sampleOrder(int64_t size, int64_t count, std::optional<uint64_t> shuffleSeed) {
  assert(size >= 0 && "a dataset size is never negative");
  const int64_t taken = count < 0 ? size : std::min(count, size);
  if (!shuffleSeed) {
    std::vector<int64_t> order(static_cast<size_t>(taken));
    std::iota(order.begin(), order.end(), int64_t{0});
    return order;
  }
  std::vector<int64_t> order(static_cast<size_t>(size));
  std::iota(order.begin(), order.end(), int64_t{0});
  std::mt19937_64 rng(*shuffleSeed);
  for (int64_t i = 0; i < taken; ++i) {
    // Position i takes a uniformly chosen one of the samples not yet placed.
    const auto j = i + static_cast<int64_t>(uniformBelow(rng, static_cast<uint64_t>(size - i)));
    std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(j)]);
  }
  order.resize(static_cast<size_t>(taken));
  return order;
}

}  // namespace quantlens
