// Preprocessing settings: parsing the CLI strings, validation messages and suggestions from a model input.
#include "core/data/preprocessing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

template <class Fn> std::string errorOf(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(Preprocessing, ParsesImageSizesAsHeightByWidth) {
  EXPECT_EQ(parseImageSize("28x28"), std::make_pair(28, 28));
  EXPECT_EQ(parseImageSize("32X64"), std::make_pair(32, 64));
  EXPECT_EQ(parseImageSize("224"), std::make_pair(224, 224));
  EXPECT_EQ(parseImageSize(" 10x20 "), std::make_pair(10, 20));
}

TEST(Preprocessing, RejectsMalformedImageSizesNamingTheValueAndTheRule) {
  for (const char* bad : {"28by28", "0x5", "x", "-3x3", "", "28x", "1.5x2", "99999x1"}) {
    const std::string message = errorOf([&] { parseImageSize(bad); });
    EXPECT_THAT(message, HasSubstr("image size '" + std::string(bad) + "' is not valid")) << bad;
    EXPECT_THAT(message, HasSubstr("HEIGHTxWIDTH")) << bad;
  }
}

TEST(Preprocessing, ParsesResizeAndColorModesByTheirCliNames) {
  EXPECT_EQ(parseResizeMode("stretch"), ResizeMode::Stretch);
  EXPECT_EQ(parseResizeMode("keep-aspect-pad"), ResizeMode::KeepAspectPad);
  EXPECT_EQ(parseResizeMode("center-crop"), ResizeMode::CenterCrop);
  EXPECT_EQ(parseColorMode("gray"), ColorMode::Gray);
  EXPECT_EQ(parseColorMode("rgb"), ColorMode::Rgb);
  EXPECT_EQ(parseColorMode("bgr"), ColorMode::Bgr);
  for (ResizeMode mode : {ResizeMode::Stretch, ResizeMode::KeepAspectPad, ResizeMode::CenterCrop})
    EXPECT_EQ(parseResizeMode(resizeModeName(mode)), mode);
  EXPECT_THAT(errorOf([] { parseResizeMode("crop"); }),
              HasSubstr("resize mode 'crop' is not valid: expected stretch, keep-aspect-pad or center-crop"));
  EXPECT_THAT(errorOf([] { parseColorMode("RGBA"); }),
              HasSubstr("color 'RGBA' is not valid: expected gray, rgb or bgr"));
}

TEST(Preprocessing, ParsesScalesAsDecimalsOrFractions) {
  EXPECT_DOUBLE_EQ(parseScale("1/255"), 1.0 / 255.0);
  EXPECT_DOUBLE_EQ(parseScale("0.5"), 0.5);
  EXPECT_DOUBLE_EQ(parseScale("2"), 2.0);
  for (const char* bad : {"0", "-1", "abc", "1/0", "", "nan", "1/255/2"})
    EXPECT_THAT(errorOf([&] { parseScale(bad); }), HasSubstr("scale '" + std::string(bad) + "' is not valid"))
        << bad;
}

TEST(Preprocessing, ParsesOneOrThreeChannelValues) {
  EXPECT_THAT(parseChannelValues("0.485,0.456,0.406", "mean"), ElementsAre(0.485, 0.456, 0.406));
  EXPECT_THAT(parseChannelValues("0.5", "std"), ElementsAre(0.5));
  EXPECT_THAT(parseChannelValues("-1, 2 ,3", "mean"), ElementsAre(-1.0, 2.0, 3.0));
  for (const char* bad : {"1,2", "a,b,c", "", "1,,3", "1,2,3,4", "inf"})
    EXPECT_THAT(errorOf([&] { parseChannelValues(bad, "mean"); }),
                HasSubstr("mean '" + std::string(bad) + "' is not valid: expected 1 or 3 comma-separated numbers"))
        << bad;
}

TEST(Preprocessing, ValidatesChannelCountsAgainstTheColorMode) {
  Preprocessing p;
  p.color = ColorMode::Gray;
  p.mean = {0.485, 0.456, 0.406};
  EXPECT_THAT(errorOf([&] { p.validate(); }),
              HasSubstr("mean has 3 values (0.485,0.456,0.406) but color 'gray' has 1 channel(s); give 1 value"));
  p.color = ColorMode::Rgb;
  EXPECT_NO_THROW(p.validate());
  p.stdDev = {0.2, 0.0, 0.2};
  EXPECT_THAT(errorOf([&] { p.validate(); }), HasSubstr("std value 0 is not valid: it must be a positive"));
  p.stdDev = {1};
  p.height = 0;
  EXPECT_THAT(errorOf([&] { p.validate(); }), HasSubstr("image size 0x224 is not valid"));
  p.height = 224;
  p.scale = -1;
  EXPECT_THAT(errorOf([&] { p.validate(); }), HasSubstr("scale -1 is not valid"));
}

TEST(Preprocessing, SuggestsGrayOrRgbFromTheModelInputShape) {
  const Preprocessing gray = suggestPreprocessing({1, 1, 28, 28});
  EXPECT_EQ(gray.color, ColorMode::Gray);
  EXPECT_EQ(gray.height, 28);
  EXPECT_EQ(gray.width, 28);
  EXPECT_DOUBLE_EQ(gray.scale, 1.0 / 255.0);
  EXPECT_THAT(gray.mean, ElementsAre(0.0));
  EXPECT_THAT(gray.stdDev, ElementsAre(1.0));
  EXPECT_EQ(gray.describe(), "28x28 stretch gray scale=0.00392157 mean=0 std=1");

  const Preprocessing rgb = suggestPreprocessing({-1, 3, 32, 48});
  EXPECT_EQ(rgb.color, ColorMode::Rgb);
  EXPECT_EQ(rgb.height, 32);
  EXPECT_EQ(rgb.width, 48);
  EXPECT_EQ(rgb.inputShape(8), (Shape{8, 3, 32, 48}));

  // Symbolic spatial dimensions fall back to 224.
  const Preprocessing dynamic = suggestPreprocessing({-1, 3, -1, -1});
  EXPECT_EQ(dynamic.height, 224);
  EXPECT_EQ(dynamic.width, 224);
}

TEST(Preprocessing, RefusesToSuggestForInputsThatAreNotNchwImages) {
  EXPECT_THAT(errorOf([] { suggestPreprocessing({1, 28, 28, 1}); }),
              HasSubstr("has 28 channels; images give 1 (gray) or 3 (rgb/bgr) channels in NCHW layout"));
  EXPECT_THAT(errorOf([] { suggestPreprocessing({1, 784}); }), HasSubstr("[1, 784] is not [N, C, H, W]"));
}

}  // namespace
}  // namespace quantlens
