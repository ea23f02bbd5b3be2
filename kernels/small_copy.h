// Copies of a few to a few hundred bytes inlined as overlapping fixed-size moves, not a library call.
#pragma once

#include <cstdint>
#include <cstring>

namespace quantlens::kernels {

// memcpy(dst, src, n) for non-overlapping buffers: the runs of one image row in im2col and the
// rows of a convolution's output are short, and a call to the library per run costs more than it.
inline void copySmall(void* dst, const void* src, int64_t n) {
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  if (n >= 16) {
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) std::memcpy(d + i, s + i, 16);
    if (i < n) std::memcpy(d + n - 16, s + n - 16, 16);  // the last 16 bytes, overlapping what is done
  } else if (n >= 8) {
    std::memcpy(d, s, 8);
    std::memcpy(d + n - 8, s + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(d, s, 4);
    std::memcpy(d + n - 4, s + n - 4, 4);
  } else {
    for (int64_t i = 0; i < n; ++i) d[i] = s[i];
  }
}

}  // namespace quantlens::kernels
