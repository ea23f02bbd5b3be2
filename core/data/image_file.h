// Reading one image file into an Image (OpenCV decoding stays inside the .cpp).
#pragma once

#include <filesystem>
#include <span>
#include <string_view>

#include "core/data/image.h"

namespace quantlens {

// Lower-case extensions (without the dot) of the image files datasets pick up.
std::span<const std::string_view> imageFileExtensions();
// True when the file name ends with one of imageFileExtensions(), in any letter case.
bool hasImageFileExtension(const std::filesystem::path& path);

// Decodes a PNG/JPEG/BMP/TIFF/WebP/PGM/PPM file into 8-bit pixels: gray stays one channel,
// color becomes RGB, alpha is dropped, 16-bit samples are scaled to 8 bits (v / 257, rounded),
// float samples are taken as 0..1. EXIF orientation is applied. Throws Error naming the file
// and the reason when it cannot be read or decoded.
Image readImageFile(const std::filesystem::path& path);

}  // namespace quantlens
