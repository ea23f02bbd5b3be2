// A decoded image as plain 8-bit pixels (HWC, RGB order for color): what datasets hand to preprocessing.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace quantlens {

class Image {
public:
  Image() = default;
  // Zero-filled; `channels` is 1 (gray) or 3 (RGB).
  Image(int height, int width, int channels);
  // Takes `pixels` in HWC order; their count must be height * width * channels.
  Image(int height, int width, int channels, std::vector<uint8_t> pixels);

  bool empty() const { return m_pixels.empty(); }
  int height() const { return m_height; }
  int width() const { return m_width; }
  int channels() const { return m_channels; }
  size_t byteCount() const { return m_pixels.size(); }
  // Bytes from one row to the next.
  size_t rowStride() const { return static_cast<size_t>(m_width) * static_cast<size_t>(m_channels); }

  uint8_t* data() { return m_pixels.data(); }
  const uint8_t* data() const { return m_pixels.data(); }
  std::span<const uint8_t> pixels() const { return m_pixels; }

  uint8_t& at(int y, int x, int c) { return m_pixels[offset(y, x, c)]; }
  uint8_t at(int y, int x, int c) const { return m_pixels[offset(y, x, c)]; }

private:
  size_t offset(int y, int x, int c) const {
    assert(y >= 0 && y < m_height && x >= 0 && x < m_width && c >= 0 && c < m_channels &&
           "pixel coordinates out of range");
    return (static_cast<size_t>(y) * static_cast<size_t>(m_width) + static_cast<size_t>(x)) *
               static_cast<size_t>(m_channels) +
           static_cast<size_t>(c);
  }

  int m_height = 0;
  int m_width = 0;
  int m_channels = 0;
  std::vector<uint8_t> m_pixels;
};

}  // namespace quantlens
