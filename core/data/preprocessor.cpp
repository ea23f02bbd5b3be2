// Color reduction, geometry (stretch / letterbox / center crop) and table-driven normalization.
#include "core/data/preprocessor.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace quantlens {
namespace {

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

// Which part of the source image lands on which part of the height x width output.
struct Geometry {
  Rect source;
  Rect target;
};

// round(numerator / denominator) for non-negative values, halves up, in exact integers so the
// geometry is the same on every platform.
int roundedRatio(int64_t numerator, int64_t denominator) {
  return static_cast<int>((2 * numerator + denominator) / (2 * denominator));
}

Geometry geometryFor(int sourceHeight, int sourceWidth, const Preprocessing& p) {
  const int64_t h = sourceHeight;
  const int64_t w = sourceWidth;
  Geometry g{{0, 0, sourceWidth, sourceHeight}, {0, 0, p.width, p.height}};
  switch (p.resize) {
    case ResizeMode::Stretch: break;
    case ResizeMode::KeepAspectPad:
      // Scale by min(W / w, H / h) so the whole image fits; the other side gets a border.
      if (p.width * h <= p.height * w) {
        g.target.height = std::clamp(roundedRatio(h * p.width, w), 1, p.height);
      } else {
        g.target.width = std::clamp(roundedRatio(w * p.height, h), 1, p.width);
      }
      g.target.x = (p.width - g.target.width) / 2;
      g.target.y = (p.height - g.target.height) / 2;
      break;
    case ResizeMode::CenterCrop:
      // The largest centered region with the output's aspect ratio W / H, scaled to fill it.
      if (w * p.height > h * p.width) {
        g.source.width = std::clamp(roundedRatio(h * p.width, p.height), 1, sourceWidth);
      } else {
        g.source.height = std::clamp(roundedRatio(w * p.height, p.width), 1, sourceHeight);
      }
      g.source.x = (sourceWidth - g.source.width) / 2;
      g.source.y = (sourceHeight - g.source.height) / 2;
      break;
  }
  return g;
}

}  // namespace

Preprocessor::Preprocessor(Preprocessing settings) : m_settings(std::move(settings)) {
  m_settings.validate();
  const int channels = m_settings.channels();
  m_valuesPerImage = static_cast<size_t>(channels) * static_cast<size_t>(m_settings.height) *
                     static_cast<size_t>(m_settings.width);
  m_table.resize(static_cast<size_t>(channels));
  for (int c = 0; c < channels; ++c) {
    const auto pick = [c](const std::vector<double>& values) {
      return values.size() == 1 ? values[0] : values[static_cast<size_t>(c)];
    };
    const double mean = pick(m_settings.mean);
    const double stdDev = pick(m_settings.stdDev);
    for (int pixel = 0; pixel < 256; ++pixel)
      m_table[static_cast<size_t>(c)][static_cast<size_t>(pixel)] =
          static_cast<float>((pixel * m_settings.scale - mean) / stdDev);
  }
}

void Preprocessor::run(const Image& image, float* out) const {
  assert(!image.empty() && "datasets never hand out empty images");
  const int outHeight = m_settings.height;
  const int outWidth = m_settings.width;
  const int outChannels = m_settings.channels();

  const uint8_t* pixels = image.data();
  int channels = image.channels();
  size_t stride = image.rowStride();

  // Only color -> gray changes pixel values; gray -> rgb and rgb -> bgr are a channel mapping
  // in the last loop. Reducing first also makes the resize three times cheaper.
  cv::Mat gray;
  if (outChannels == 1 && channels == 3) {
    const cv::Mat rgb(image.height(), image.width(), CV_8UC3, const_cast<uint8_t*>(image.data()), stride);
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    pixels = gray.data;
    channels = 1;
    stride = gray.step;
  }

  const Geometry g = geometryFor(image.height(), image.width(), m_settings);
  cv::Mat resized;
  if (g.source.width != g.target.width || g.source.height != g.target.height) {
    const cv::Mat source(image.height(), image.width(), CV_8UC(channels), const_cast<uint8_t*>(pixels), stride);
    const cv::Mat region = source(cv::Rect(g.source.x, g.source.y, g.source.width, g.source.height));
    // Area averaging when shrinking avoids aliasing (what antialiased resizes approximate);
    // bilinear when enlarging.
    const bool shrinking = g.target.width <= g.source.width && g.target.height <= g.source.height;
    cv::resize(region, resized, cv::Size(g.target.width, g.target.height), 0, 0,
               shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    pixels = resized.data;
    stride = resized.step;
  } else {
    pixels += static_cast<size_t>(g.source.y) * stride + static_cast<size_t>(g.source.x * channels);
  }

  const bool padded = g.target.width != outWidth || g.target.height != outHeight;
  const size_t plane = static_cast<size_t>(outHeight) * static_cast<size_t>(outWidth);
  for (int c = 0; c < outChannels; ++c) {
    // Source channel of output channel c: images are gray or RGB; bgr reads them backwards.
    const int sourceChannel = channels == 1 ? 0 : m_settings.color == ColorMode::Bgr ? 2 - c : c;
    const float* table = m_table[static_cast<size_t>(c)].data();
    float* outPlane = out + static_cast<size_t>(c) * plane;
    if (padded) std::fill(outPlane, outPlane + plane, table[m_settings.padValue]);
    for (int y = 0; y < g.target.height; ++y) {
      const uint8_t* row = pixels + static_cast<size_t>(y) * stride + sourceChannel;
      float* outRow = outPlane + static_cast<size_t>(g.target.y + y) * static_cast<size_t>(outWidth) + g.target.x;
      if (channels == 1) {
        for (int x = 0; x < g.target.width; ++x) outRow[x] = table[row[x]];
      } else {
        for (int x = 0; x < g.target.width; ++x) outRow[x] = table[row[x * channels]];
      }
    }
  }
}

Tensor Preprocessor::run(const Image& image) const {
  Tensor tensor(DataType::Float32, m_settings.inputShape(1));
  run(image, tensor.data<float>());
  return tensor;
}

}  // namespace quantlens
