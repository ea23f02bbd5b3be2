// Validation, description and CLI-string parsing of preprocessing settings.
#include "core/data/preprocessing.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace quantlens {
namespace {

constexpr int kMaxSide = 16384;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The whole of `text` as a finite number, or false.
bool parseNumber(std::string_view text, double& value) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

bool parseSide(std::string_view text, int& value) {
  text = trim(text);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value >= 1 && value <= kMaxSide;
}

std::string formatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string formatValues(const std::vector<double>& values) {
  std::string text;
  for (double v : values) text += (text.empty() ? "" : ",") + formatNumber(v);
  return text;
}

void checkChannelValues(const std::vector<double>& values, std::string_view what, const Preprocessing& p,
                        bool positive) {
  const auto count = static_cast<int>(values.size());
  if (count != 1 && count != p.channels()) {
    throw Error(std::string(what) + " has " + std::to_string(count) + " values (" + formatValues(values) +
                ") but color '" + std::string(colorModeName(p.color)) + "' has " + std::to_string(p.channels()) +
                " channel(s); give 1 value" + (p.channels() == 3 ? " or 3 (one per channel)" : ""));
  }
  for (double v : values) {
    if (!std::isfinite(v) || (positive && v <= 0))
      throw Error(std::string(what) + " value " + formatNumber(v) + " is not valid: it must be a " +
                  (positive ? "positive " : "") + "finite number");
  }
}

}  // namespace

void Preprocessing::validate() const {
  if (height < 1 || height > kMaxSide || width < 1 || width > kMaxSide)
    throw Error("image size " + std::to_string(height) + "x" + std::to_string(width) +
                " is not valid: height and width must be 1.." + std::to_string(kMaxSide));
  if (!std::isfinite(scale) || scale <= 0)
    throw Error("scale " + formatNumber(scale) + " is not valid: it must be a positive finite number (e.g. 1/255)");
  checkChannelValues(mean, "mean", *this, false);
  checkChannelValues(stdDev, "std", *this, true);
  if (padValue < 0 || padValue > 255)
    throw Error("pad value " + std::to_string(padValue) + " is not valid: it is a pixel value, 0..255");
}

std::string Preprocessing::describe() const {
  return std::to_string(height) + "x" + std::to_string(width) + " " + std::string(resizeModeName(resize)) + " " +
         std::string(colorModeName(color)) + " scale=" + formatNumber(scale) + " mean=" + formatValues(mean) +
         " std=" + formatValues(stdDev);
}

Preprocessing suggestPreprocessing(const Shape& inputShape) {
  if (inputShape.size() != 4)
    throw Error("model input shape " + shapeToString(inputShape) +
                " is not [N, C, H, W]; set the preprocessing (size, color) explicitly");
  Preprocessing p;
  const int64_t channels = inputShape[1];
  if (channels == 1) p.color = ColorMode::Gray;
  else if (channels == 3 || channels < 0) p.color = ColorMode::Rgb;  // symbolic: the usual color input
  else
    throw Error("model input shape " + shapeToString(inputShape) + " has " + std::to_string(channels) +
                " channels; images give 1 (gray) or 3 (rgb/bgr) channels in NCHW layout");
  // Symbolic spatial sizes: 224 is what most image classifiers are trained at.
  constexpr int kDefaultSide = 224;
  auto side = [&](int64_t dim, const char* name) {
    if (dim < 0) return kDefaultSide;
    if (dim < 1 || dim > kMaxSide)
      throw Error("model input shape " + shapeToString(inputShape) + ": " + name + " " + std::to_string(dim) +
                  " is not a usable image size (1.." + std::to_string(kMaxSide) + ")");
    return static_cast<int>(dim);
  };
  p.height = side(inputShape[2], "height");
  p.width = side(inputShape[3], "width");
  return p;
}

std::pair<int, int> parseImageSize(std::string_view text) {
  const std::string_view trimmed = trim(text);
  const size_t x = trimmed.find_first_of("xX");
  int height = 0;
  int width = 0;
  bool ok = false;
  if (x == std::string_view::npos) {
    ok = parseSide(trimmed, height);
    width = height;
  } else {
    ok = parseSide(trimmed.substr(0, x), height) && parseSide(trimmed.substr(x + 1), width);
  }
  if (!ok)
    throw Error("image size '" + std::string(text) + "' is not valid: expected HEIGHTxWIDTH with integers 1.." +
                std::to_string(kMaxSide) + " (e.g. 28x28), or one number for a square");
  return {height, width};
}

ResizeMode parseResizeMode(std::string_view text) {
  for (ResizeMode mode : {ResizeMode::Stretch, ResizeMode::KeepAspectPad, ResizeMode::CenterCrop})
    if (trim(text) == resizeModeName(mode)) return mode;
  throw Error("resize mode '" + std::string(text) + "' is not valid: expected stretch, keep-aspect-pad or center-crop");
}

std::string_view resizeModeName(ResizeMode mode) {
  switch (mode) {
    case ResizeMode::Stretch: return "stretch";
    case ResizeMode::KeepAspectPad: return "keep-aspect-pad";
    case ResizeMode::CenterCrop: return "center-crop";
  }
  return "?";
}

ColorMode parseColorMode(std::string_view text) {
  for (ColorMode mode : {ColorMode::Gray, ColorMode::Rgb, ColorMode::Bgr})
    if (trim(text) == colorModeName(mode)) return mode;
  throw Error("color '" + std::string(text) + "' is not valid: expected gray, rgb or bgr");
}

std::string_view colorModeName(ColorMode mode) {
  switch (mode) {
    case ColorMode::Gray: return "gray";
    case ColorMode::Rgb: return "rgb";
    case ColorMode::Bgr: return "bgr";
  }
  return "?";
}

double parseScale(std::string_view text) {
  const size_t slash = text.find('/');
  double value = 0;
  bool ok = false;
  if (slash == std::string_view::npos) {
    ok = parseNumber(text, value);
  } else {
    double numerator = 0;
    double denominator = 0;
    ok = parseNumber(text.substr(0, slash), numerator) && parseNumber(text.substr(slash + 1), denominator) &&
         denominator != 0;
    value = ok ? numerator / denominator : 0;
  }
  if (!ok || !std::isfinite(value) || value <= 0)
    throw Error("scale '" + std::string(text) +
                "' is not valid: expected a positive number, as a decimal (0.00392157) or a fraction (1/255)");
  return value;
}

std::vector<double> parseChannelValues(std::string_view text, std::string_view what) {
  std::vector<double> values;
  std::string_view rest = text;
  bool ok = true;
  while (ok) {
    const size_t comma = rest.find(',');
    double value = 0;
    ok = parseNumber(rest.substr(0, comma), value);
    values.push_back(value);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!ok || (values.size() != 1 && values.size() != 3))
    throw Error(std::string(what) + " '" + std::string(text) +
                "' is not valid: expected 1 or 3 comma-separated numbers (e.g. 0.485,0.456,0.406)");
  return values;
}

}  // namespace quantlens
