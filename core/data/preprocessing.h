// Preprocessing settings (size, resize mode, color, scale, mean, std) and parsing of their CLI strings.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tensor/shape.h"

namespace quantlens {

enum class ResizeMode {
  Stretch,        // resize to height x width, ignoring the aspect ratio
  KeepAspectPad,  // fit inside height x width keeping the aspect ratio, pad the rest (letterbox)
  CenterCrop,     // take the largest centered region with the target aspect ratio, then resize
};

enum class ColorMode {
  Gray,  // one channel: 0.299 R + 0.587 G + 0.114 B
  Rgb,
  Bgr,
};

// Each input value is (pixel * scale - mean[c]) / stdDev[c], pixel in 0..255, channel c in
// `color` order, laid out NCHW.
struct Preprocessing {
  int height = 224;
  int width = 224;
  ResizeMode resize = ResizeMode::Stretch;
  ColorMode color = ColorMode::Rgb;
  double scale = 1.0 / 255.0;
  std::vector<double> mean = {0.0};    // one value for every channel, or one per channel
  std::vector<double> stdDev = {1.0};  // likewise
  int padValue = 0;                    // pixel value (0..255) of the KeepAspectPad border

  int channels() const { return color == ColorMode::Gray ? 1 : 3; }
  // [batch, channels, height, width]
  Shape inputShape(int64_t batch) const { return {batch, channels(), height, width}; }
  // Throws Error naming the bad value and the rule.
  void validate() const;
  // "28x28 stretch gray scale=0.00392157 mean=0 std=1"
  std::string describe() const;
};

// The settings a model's input shape [N, C, H, W] suggests: C = 1 -> gray, 3 -> rgb; H, W from
// the shape (224 where symbolic, i.e. < 0); mean 0, std 1, scale 1/255. Throws Error when the
// shape is not NCHW with 1 or 3 channels.
Preprocessing suggestPreprocessing(const Shape& inputShape);

// "28x28" -> {28, 28} (height, width); a single number "224" means a square.
std::pair<int, int> parseImageSize(std::string_view text);
// "stretch" | "keep-aspect-pad" | "center-crop"
ResizeMode parseResizeMode(std::string_view text);
std::string_view resizeModeName(ResizeMode mode);
// "gray" | "rgb" | "bgr"
ColorMode parseColorMode(std::string_view text);
std::string_view colorModeName(ColorMode mode);
// A positive number, as a decimal ("0.00392157") or a fraction ("1/255").
double parseScale(std::string_view text);
// "0.485,0.456,0.406" -> 1 or 3 finite numbers; `what` ("mean", "std") names them in messages.
std::vector<double> parseChannelValues(std::string_view text, std::string_view what);

}  // namespace quantlens
