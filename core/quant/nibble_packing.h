// Packing of 4-bit codes two per byte, in the two nibble orders the formats disagree on.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace quantlens {

enum class NibbleOrder {
  FirstLow,   // element 2k in the low nibble: ONNX INT4/UINT4, ORT pack_bytes_to_4bit, GGML q4_0
  FirstHigh,  // element 2k in the high nibble: bitsandbytes NF4/FP4 (byte = c[2k] << 4 | c[2k+1])
};

// Packs the low 4 bits of each code; an odd count leaves the last byte's other nibble 0.
std::vector<uint8_t> packNibbles(std::span<const uint8_t> codes, NibbleOrder order);
// Unpacks `count` codes (count <= 2 * packed.size()).
std::vector<uint8_t> unpackNibbles(std::span<const uint8_t> packed, size_t count, NibbleOrder order);

}  // namespace quantlens
