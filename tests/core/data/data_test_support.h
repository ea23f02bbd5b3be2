// Helpers for the data tests: a temporary folder, hand-made images and IDX files written to disk.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

namespace quantlens::testing {

// A fresh folder under the system temp directory, removed with everything in it at scope exit.
class TempFolder {
public:
  TempFolder() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("quantlens-data-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
  std::filesystem::path m_path;
};

// Writes `image` (BGR/gray as OpenCV expects) to `path`, creating its folder.
inline void writeImage(const std::filesystem::path& path, const cv::Mat& image) {
  std::filesystem::create_directories(path.parent_path());
  if (!cv::imwrite(path.string(), image)) throw std::runtime_error("cannot write test image " + path.string());
}

// A height x width image of one color, given in RGB order (converted to OpenCV's BGR here).
inline void writeSolidImage(const std::filesystem::path& path, int height, int width, uint8_t r, uint8_t g,
                            uint8_t b) {
  writeImage(path, cv::Mat(height, width, CV_8UC3, cv::Scalar(b, g, r)));
}

inline void writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline void writeGzip(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
}

inline void appendBigEndian32(std::vector<uint8_t>& bytes, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<uint8_t>(value >> shift));
}

// An IDX images file body: magic 0x00000803, count, rows, cols, then the pixels.
inline std::vector<uint8_t> idxImages(uint32_t count, uint32_t rows, uint32_t cols,
                                      const std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> bytes;
  appendBigEndian32(bytes, 0x00000803);
  appendBigEndian32(bytes, count);
  appendBigEndian32(bytes, rows);
  appendBigEndian32(bytes, cols);
  bytes.insert(bytes.end(), pixels.begin(), pixels.end());
  return bytes;
}

// An IDX labels file body: magic 0x00000801, count, then the labels.
inline std::vector<uint8_t> idxLabels(const std::vector<uint8_t>& labels) {
  std::vector<uint8_t> bytes;
  appendBigEndian32(bytes, 0x00000801);
  appendBigEndian32(bytes, static_cast<uint32_t>(labels.size()));
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

}  // namespace quantlens::testing
