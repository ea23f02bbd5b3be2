// Preprocessing arithmetic on tiny hand-made images: every resize mode, color mode and the scale/mean/std math.
#include "core/data/preprocessor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::FloatNear;
using ::testing::Pointwise;

// A gray image from rows of pixel values.
Image grayImage(const std::vector<std::vector<uint8_t>>& rows) {
  Image image(static_cast<int>(rows.size()), static_cast<int>(rows[0].size()), 1);
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) image.at(y, x, 0) = rows[static_cast<size_t>(y)][static_cast<size_t>(x)];
  return image;
}

// Settings that leave pixel values unchanged (scale 1, mean 0, std 1), so geometry is visible.
Preprocessing identityValues(int height, int width, ColorMode color, ResizeMode resize = ResizeMode::Stretch) {
  Preprocessing p;
  p.height = height;
  p.width = width;
  p.color = color;
  p.resize = resize;
  p.scale = 1.0;
  return p;
}

std::vector<float> run(const Preprocessing& p, const Image& image) {
  return Preprocessor(p).run(image).toFloatVector();
}

TEST(Preprocessor, CopiesAnImageOfTheTargetSizeUnchanged) {
  const Image image = grayImage({{0, 1, 2}, {250, 251, 255}});
  EXPECT_THAT(run(identityValues(2, 3, ColorMode::Gray), image), ElementsAre(0, 1, 2, 250, 251, 255));
}

TEST(Preprocessor, StretchShrinksByAveragingAreas) {
  // 4x4 -> 2x2 is an integer factor, so area interpolation gives each 2x2 block's mean:
  // (10+20+30+40)/4 = 25, (50+70+90+110)/4 = 80, (0+0+4+4)/4 = 2, (200+200+100+100)/4 = 150.
  const Image image = grayImage({{10, 20, 50, 70}, {30, 40, 90, 110}, {0, 0, 200, 200}, {4, 4, 100, 100}});
  EXPECT_THAT(run(identityValues(2, 2, ColorMode::Gray), image), ElementsAre(25, 80, 2, 150));
}

TEST(Preprocessor, StretchEnlargesBilinearlyWithHalfPixelCenters) {
  // 1x2 [0, 100] -> 1x4. Output x maps to source (x + 0.5) * 2/4 - 0.5 = -0.25, 0.25, 0.75, 1.25;
  // clamped at the borders: 0, 0.25 * 100 = 25, 0.75 * 100 = 75, 100.
  const Image image = grayImage({{0, 100}});
  EXPECT_THAT(run(identityValues(1, 4, ColorMode::Gray), image), ElementsAre(0, 25, 75, 100));
}

TEST(Preprocessor, KeepAspectPadCentersTheImageOnAPaddedCanvas) {
  // 2x4 into 4x4: the width limits (scale min(4/4, 4/2) = 1), so the image keeps its 2x4 size at
  // rows (4 - 2) / 2 = 1..2 and rows 0 and 3 are the pad value.
  const Image image = grayImage({{1, 2, 3, 4}, {5, 6, 7, 8}});
  Preprocessing p = identityValues(4, 4, ColorMode::Gray, ResizeMode::KeepAspectPad);
  p.padValue = 9;
  EXPECT_THAT(run(p, image), ElementsAre(9, 9, 9, 9,  //
                                         1, 2, 3, 4,  //
                                         5, 6, 7, 8,  //
                                         9, 9, 9, 9));
}

TEST(Preprocessor, KeepAspectPadShrinksThenPads) {
  // 2x4 into 2x2: scale min(2/4, 2/2) = 1/2 -> a 1x2 image (2x2 block means (1+2+5+6)/4 = 3.5 and
  // (3+4+7+8)/4 = 5.5, which 8-bit area interpolation rounds to 4 and 6) at row (2 - 1) / 2 = 0.
  const Image image = grayImage({{1, 2, 3, 4}, {5, 6, 7, 8}});
  EXPECT_THAT(run(identityValues(2, 2, ColorMode::Gray, ResizeMode::KeepAspectPad), image),
              ElementsAre(4, 6, 0, 0));
}

TEST(Preprocessor, CenterCropTakesTheMiddleOfTheLongerSide) {
  // Wide 2x4 into 2x2: the centered region with aspect 1 is 2x2 at columns (4 - 2) / 2 = 1..2.
  const Image wide = grayImage({{1, 2, 3, 4}, {5, 6, 7, 8}});
  EXPECT_THAT(run(identityValues(2, 2, ColorMode::Gray, ResizeMode::CenterCrop), wide), ElementsAre(2, 3, 6, 7));
  // Tall 4x2 into 2x2: rows 1..2.
  const Image tall = grayImage({{1, 2}, {3, 4}, {5, 6}, {7, 8}});
  EXPECT_THAT(run(identityValues(2, 2, ColorMode::Gray, ResizeMode::CenterCrop), tall), ElementsAre(3, 4, 5, 6));
}

TEST(Preprocessor, CenterCropResizesTheCroppedRegion) {
  // 2x6 into 1x1: the centered 2x2 region is columns 2..3, whose mean is (20+40+60+80)/4 = 50.
  const Image image = grayImage({{0, 0, 20, 40, 255, 255}, {0, 0, 60, 80, 255, 255}});
  EXPECT_THAT(run(identityValues(1, 1, ColorMode::Gray, ResizeMode::CenterCrop), image), ElementsAre(50));
}

TEST(Preprocessor, WritesRgbAndBgrPlanesInTheirChannelOrder) {
  // One row of three pixels: red-ish (200, 10, 1), green-ish (20, 210, 2), blue-ish (30, 40, 220).
  Image image(1, 3, 3, {200, 10, 1, 20, 210, 2, 30, 40, 220});
  EXPECT_THAT(run(identityValues(1, 3, ColorMode::Rgb), image),
              ElementsAre(200, 20, 30,   // R plane
                          10, 210, 40,   // G plane
                          1, 2, 220));   // B plane
  EXPECT_THAT(run(identityValues(1, 3, ColorMode::Bgr), image),
              ElementsAre(1, 2, 220,     // B plane
                          10, 210, 40,   // G plane
                          200, 20, 30)); // R plane
}

TEST(Preprocessor, ConvertsColorToGrayWithBt601Weights) {
  // 0.299 R + 0.587 G + 0.114 B, rounded: red 255 -> 76.245 -> 76, green 255 -> 149.685 -> 150,
  // blue 255 -> 29.07 -> 29, (100, 150, 200) -> 29.9 + 88.05 + 22.8 = 140.75 -> 141.
  Image image(1, 4, 3, {255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 150, 200});
  EXPECT_THAT(run(identityValues(1, 4, ColorMode::Gray), image), ElementsAre(76, 150, 29, 141));
}

TEST(Preprocessor, RepeatsGrayPixelsInEveryColorChannel) {
  const Image image = grayImage({{7, 99}});
  EXPECT_THAT(run(identityValues(1, 2, ColorMode::Rgb), image), ElementsAre(7, 99, 7, 99, 7, 99));
}

TEST(Preprocessor, AppliesScaleThenMeanThenStd) {
  // (pixel * scale - mean) / std with scale 1/255, mean 0.5, std 0.25:
  // 0 -> (0 - 0.5) / 0.25 = -2;  255 -> (1 - 0.5) / 0.25 = 2;  200 -> (0.784314 - 0.5) / 0.25 = 1.137255.
  Preprocessing p = identityValues(1, 3, ColorMode::Gray);
  p.scale = 1.0 / 255.0;
  p.mean = {0.5};
  p.stdDev = {0.25};
  EXPECT_THAT(run(p, grayImage({{0, 255, 200}})), Pointwise(FloatNear(1e-6f), std::vector<float>{-2, 2, 1.137255f}));
}

TEST(Preprocessor, AppliesImageNetMeanAndStdPerChannel) {
  // numpy.float32((255/255 - 0.485) / 0.229) = 2.2489083, ((128/255 - 0.456) / 0.224) = 0.20518208,
  // ((0 - 0.406) / 0.225) = -1.8044444.
  Preprocessing p = identityValues(1, 1, ColorMode::Rgb);
  p.scale = 1.0 / 255.0;
  p.mean = {0.485, 0.456, 0.406};
  p.stdDev = {0.229, 0.224, 0.225};
  EXPECT_THAT(run(p, Image(1, 1, 3, {255, 128, 0})),
              Pointwise(FloatNear(1e-6f), std::vector<float>{2.2489083f, 0.20518208f, -1.8044444f}));
  // bgr swaps the planes and their mean/std travel with the output channel: B first.
  p.color = ColorMode::Bgr;
  p.mean = {0.406, 0.456, 0.485};
  p.stdDev = {0.225, 0.224, 0.229};
  EXPECT_THAT(run(p, Image(1, 1, 3, {255, 128, 0})),
              Pointwise(FloatNear(1e-6f), std::vector<float>{-1.8044444f, 0.20518208f, 2.2489083f}));
}

TEST(Preprocessor, MapsPixelsToMinusOneToOneWithScaleOneAndMeanStd127Point5) {
  Preprocessing p = identityValues(1, 2, ColorMode::Gray);
  p.mean = {127.5};
  p.stdDev = {127.5};
  EXPECT_THAT(run(p, grayImage({{0, 255}})), ElementsAre(-1.0f, 1.0f));
}

TEST(Preprocessor, NormalizesThePadLikeAnyOtherPixel) {
  // Pad pixel 0 with mean 0.5 / std 0.5 and scale 1/255 becomes (0 - 0.5) / 0.5 = -1; pixel 255 -> 1.
  Preprocessing p = identityValues(3, 1, ColorMode::Gray, ResizeMode::KeepAspectPad);
  p.scale = 1.0 / 255.0;
  p.mean = {0.5};
  p.stdDev = {0.5};
  EXPECT_THAT(run(p, grayImage({{255}})), ElementsAre(-1.0f, 1.0f, -1.0f));
}

TEST(Preprocessor, RejectsInvalidSettingsWhenBuilt) {
  Preprocessing p;
  p.stdDev = {1, 2};
  EXPECT_THROW(Preprocessor{p}, Error);
}

}  // namespace
}  // namespace quantlens
