// Image decoding with OpenCV, converted to plain RGB/gray 8-bit pixels.
#include "core/data/image_file.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"

namespace quantlens {
namespace {

constexpr std::array<std::string_view, 9> kExtensions = {"png", "jpg", "jpeg", "bmp", "tif",
                                                         "tiff", "webp", "pgm", "ppm"};

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::vector<uint8_t> readAllBytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) {
    std::error_code ec;
    const char* why = !std::filesystem::exists(path, ec)      ? "the file does not exist"
                      : std::filesystem::is_directory(path, ec) ? "it is a folder"
                                                                : "the file cannot be opened (permissions?)";
    throw Error("cannot read image file " + quoted(path) + ": " + why);
  }
  const std::streamoff size = file.tellg();
  std::vector<uint8_t> bytes(static_cast<size_t>(std::max<std::streamoff>(size, 0)));
  file.seekg(0);
  if (!bytes.empty() && !file.read(reinterpret_cast<char*>(bytes.data()), size))
    throw Error("cannot read image file " + quoted(path) + ": reading its " + std::to_string(size) +
                " bytes failed");
  return bytes;
}

// Names the format the first bytes announce, so a corrupt file says what it claimed to be.
std::string_view sniffFormat(const std::vector<uint8_t>& b) {
  auto startsWith = [&](std::initializer_list<uint8_t> magic) {
    return b.size() >= magic.size() && std::equal(magic.begin(), magic.end(), b.begin());
  };
  if (startsWith({0x89, 'P', 'N', 'G'})) return "PNG";
  if (startsWith({0xFF, 0xD8, 0xFF})) return "JPEG";
  if (startsWith({'B', 'M'})) return "BMP";
  if (startsWith({'I', 'I', 0x2A, 0x00}) || startsWith({'M', 'M', 0x00, 0x2A})) return "TIFF";
  if (b.size() >= 12 && startsWith({'R', 'I', 'F', 'F'}) && std::memcmp(b.data() + 8, "WEBP", 4) == 0)
    return "WebP";
  if (b.size() >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') return "PNM";
  return {};
}

// 8-bit samples of any depth OpenCV decodes to.
cv::Mat toEightBit(const cv::Mat& mat, const std::filesystem::path& path) {
  switch (mat.depth()) {
    case CV_8U: return mat;
    case CV_16U: {
      // 65535 / 257 = 255 exactly, and v / 257 rounded keeps 257 * k -> k.
      cv::Mat out;
      mat.convertTo(out, CV_8U, 1.0 / 257.0);
      return out;
    }
    case CV_32F:
    case CV_64F: {
      cv::Mat out;  // float images (TIFF) hold 0..1 by convention; saturate outside it
      mat.convertTo(out, CV_8U, 255.0);
      return out;
    }
    default: break;
  }
  throw Error("image file " + quoted(path) + " stores signed or 32-bit integer samples (OpenCV depth " +
              std::to_string(mat.depth()) + "); only 8-bit, 16-bit unsigned and float images are read");
}

}  // namespace

std::span<const std::string_view> imageFileExtensions() { return kExtensions; }

bool hasImageFileExtension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext.size() < 2) return false;
  ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

Image readImageFile(const std::filesystem::path& path) {
  // Reading the bytes ourselves (rather than cv::imread) tells a missing file from a corrupt one.
  const std::vector<uint8_t> bytes = readAllBytes(path);
  if (bytes.empty()) throw Error("image file " + quoted(path) + " is empty (0 bytes)");
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
    throw Error("image file " + quoted(path) + " is " + std::to_string(bytes.size()) +
                " bytes; images larger than 2 GiB are not read");

  cv::Mat decoded;
  std::string reason;
  try {
    // ANYCOLOR keeps gray images gray and gives BGR for color ones (alpha dropped); ANYDEPTH
    // keeps 16-bit samples so they are scaled, not truncated, below.
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<uint8_t*>(bytes.data()));
    decoded = cv::imdecode(buffer, cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH);
  } catch (const cv::Exception& e) {
    reason = e.msg;
  }
  if (decoded.empty()) {
    const std::string_view format = sniffFormat(bytes);
    std::string message = "image file " + quoted(path) + " cannot be decoded: ";
    if (format.empty())
      message += "its " + std::to_string(bytes.size()) +
                 " bytes are not a PNG, JPEG, BMP, TIFF, WebP or PGM/PPM image";
    else
      message += "it starts like a " + std::string(format) + " file but its data is corrupt or truncated";
    if (!reason.empty()) message += " (" + reason + ")";
    throw Error(message);
  }

  const cv::Mat eightBit = toEightBit(decoded, path);
  const int channels = eightBit.channels();
  Image image(eightBit.rows, eightBit.cols, channels == 1 || channels == 2 ? 1 : 3);
  cv::Mat out(image.height(), image.width(), channels == 1 || channels == 2 ? CV_8UC1 : CV_8UC3, image.data());
  switch (channels) {
    case 1: eightBit.copyTo(out); break;
    case 2: cv::extractChannel(eightBit, out, 0); break;  // gray + alpha: keep the gray
    case 3: cv::cvtColor(eightBit, out, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(eightBit, out, cv::COLOR_BGRA2RGB); break;
    default:
      throw Error("image file " + quoted(path) + " has " + std::to_string(channels) +
                  " channels; only gray, gray+alpha, color and color+alpha images are read");
  }
  // The OpenCV calls above write into `image`'s buffer; a reallocation would be a bug.
  assert(out.data == image.data() && "OpenCV must write into the image buffer in place");
  return image;
}

}  // namespace quantlens
