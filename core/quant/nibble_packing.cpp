// Two 4-bit codes per byte.
#include "core/quant/nibble_packing.h"

#include <cassert>

namespace quantlens {

std::vector<uint8_t> packNibbles(std::span<const uint8_t> codes, NibbleOrder order) {
  std::vector<uint8_t> packed((codes.size() + 1) / 2, 0);
  const int firstShift = order == NibbleOrder::FirstLow ? 0 : 4;
  for (size_t i = 0; i < codes.size(); ++i) {
    const int shift = (i % 2 == 0) ? firstShift : 4 - firstShift;
    packed[i / 2] = static_cast<uint8_t>(packed[i / 2] | ((codes[i] & 0x0F) << shift));
  }
  return packed;
}

std::vector<uint8_t> unpackNibbles(std::span<const uint8_t> packed, size_t count, NibbleOrder order) {
  assert(count <= 2 * packed.size() && "more codes requested than the bytes hold");
  std::vector<uint8_t> codes(count);
  const int firstShift = order == NibbleOrder::FirstLow ? 0 : 4;
  for (size_t i = 0; i < count; ++i) {
    const int shift = (i % 2 == 0) ? firstShift : 4 - firstShift;
    codes[i] = static_cast<uint8_t>((packed[i / 2] >> shift) & 0x0F);
  }
  return codes;
}

}  // namespace quantlens
