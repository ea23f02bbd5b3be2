// Image storage.
#include "core/data/image.h"

#include <utility>

namespace quantlens {

Image::Image(int height, int width, int channels)
    : Image(height, width, channels,
            std::vector<uint8_t>(static_cast<size_t>(height) * static_cast<size_t>(width) *
                                 static_cast<size_t>(channels))) {}

Image::Image(int height, int width, int channels, std::vector<uint8_t> pixels)
    : m_height(height), m_width(width), m_channels(channels), m_pixels(std::move(pixels)) {
  // Callers build images from decoders that already produce 1 or 3 channels.
  assert(height > 0 && width > 0 && "an image has at least one pixel");
  assert((channels == 1 || channels == 3) && "images are gray or RGB");
  assert(m_pixels.size() == static_cast<size_t>(height) * static_cast<size_t>(width) *
                                static_cast<size_t>(channels) &&
         "pixel count must match the image size");
}

}  // namespace quantlens
