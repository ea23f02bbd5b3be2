// Decoding image files into plain 8-bit gray / RGB pixels.
#include "core/data/image_file.h"

#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/core/data/data_test_support.h"

namespace quantlens {
namespace {

using ::testing::HasSubstr;
using testing::TempFolder;

std::string errorOf(const std::filesystem::path& path) {
  try {
    readImageFile(path);
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(ImageFile, KeepsGrayImagesAsOneChannel) {
  TempFolder dir;
  cv::Mat gray(2, 3, CV_8UC1);
  for (int i = 0; i < 6; ++i) gray.data[i] = static_cast<uint8_t>(10 * i);
  testing::writeImage(dir / "g.png", gray);

  const Image image = readImageFile(dir / "g.png");
  ASSERT_EQ(image.channels(), 1);
  EXPECT_EQ(image.height(), 2);
  EXPECT_EQ(image.width(), 3);
  EXPECT_EQ(image.at(1, 2, 0), 50);  // index 5 -> 10 * 5
}

TEST(ImageFile, GivesColorPixelsInRgbOrder) {
  TempFolder dir;
  testing::writeSolidImage(dir / "c.png", 2, 2, /*r=*/200, /*g=*/100, /*b=*/7);
  const Image image = readImageFile(dir / "c.png");
  ASSERT_EQ(image.channels(), 3);
  EXPECT_EQ(image.at(1, 1, 0), 200);
  EXPECT_EQ(image.at(1, 1, 1), 100);
  EXPECT_EQ(image.at(1, 1, 2), 7);
}

TEST(ImageFile, DropsTheAlphaChannel) {
  TempFolder dir;
  // OpenCV's channel order is B, G, R, A.
  testing::writeImage(dir / "a.png", cv::Mat(3, 3, CV_8UC4, cv::Scalar(1, 2, 3, 128)));
  const Image image = readImageFile(dir / "a.png");
  ASSERT_EQ(image.channels(), 3);
  EXPECT_EQ(image.at(0, 0, 0), 3);
  EXPECT_EQ(image.at(0, 0, 1), 2);
  EXPECT_EQ(image.at(0, 0, 2), 1);
}

TEST(ImageFile, ScalesSixteenBitSamplesToEightBits) {
  TempFolder dir;
  cv::Mat deep(1, 3, CV_16UC1);
  deep.at<uint16_t>(0, 0) = 257 * 100;  // -> 100 exactly
  deep.at<uint16_t>(0, 1) = 65535;      // -> 255
  deep.at<uint16_t>(0, 2) = 300;        // 300 / 257 = 1.17 -> 1 (truncating the high byte would also give 1)
  testing::writeImage(dir / "d.png", deep);
  const Image image = readImageFile(dir / "d.png");
  ASSERT_EQ(image.channels(), 1);
  EXPECT_EQ(image.at(0, 0, 0), 100);
  EXPECT_EQ(image.at(0, 1, 0), 255);
  EXPECT_EQ(image.at(0, 2, 0), 1);
}

TEST(ImageFile, RoundsSixteenBitSamplesInsteadOfTruncating) {
  TempFolder dir;
  cv::Mat deep(1, 1, CV_16UC1, cv::Scalar(511));  // 511 / 257 = 1.988 -> 2; the high byte alone gives 1
  testing::writeImage(dir / "d.png", deep);
  EXPECT_EQ(readImageFile(dir / "d.png").at(0, 0, 0), 2);
}

TEST(ImageFile, DecodesSixteenBitColorTiffInRgbOrder) {
  TempFolder dir;
  // OpenCV order B, G, R: 257 * 3 -> 3, 257 * 2 -> 2, 65535 -> 255.
  testing::writeImage(dir / "c.tiff", cv::Mat(2, 2, CV_16UC3, cv::Scalar(257 * 3, 257 * 2, 65535)));
  const Image image = readImageFile(dir / "c.tiff");
  ASSERT_EQ(image.channels(), 3);
  EXPECT_EQ(image.at(1, 0, 0), 255);
  EXPECT_EQ(image.at(1, 0, 1), 2);
  EXPECT_EQ(image.at(1, 0, 2), 3);
}

TEST(ImageFile, DecodesJpegBmpAndUpperCaseExtensions) {
  TempFolder dir;
  testing::writeSolidImage(dir / "p.JPG", 8, 8, 200, 40, 90);
  testing::writeSolidImage(dir / "p.bmp", 3, 5, 1, 2, 3);
  EXPECT_TRUE(hasImageFileExtension(dir / "p.JPG"));
  const Image jpeg = readImageFile(dir / "p.JPG");
  ASSERT_EQ(jpeg.channels(), 3);
  // JPEG is lossy (chroma subsampling, quantization): a solid block comes back within a few levels.
  EXPECT_NEAR(jpeg.at(4, 4, 0), 200, 4);
  EXPECT_NEAR(jpeg.at(4, 4, 1), 40, 4);
  EXPECT_NEAR(jpeg.at(4, 4, 2), 90, 4);
  const Image bmp = readImageFile(dir / "p.bmp");
  EXPECT_EQ(bmp.width(), 5);
  EXPECT_EQ(bmp.at(2, 4, 2), 3);
}

TEST(ImageFile, RecognizesImageExtensionsInAnyCase) {
  EXPECT_TRUE(hasImageFileExtension("a/b.png"));
  EXPECT_TRUE(hasImageFileExtension("b.TiFf"));
  EXPECT_TRUE(hasImageFileExtension("b.webp"));
  EXPECT_TRUE(hasImageFileExtension("b.PGM"));
  EXPECT_FALSE(hasImageFileExtension("b.txt"));
  EXPECT_FALSE(hasImageFileExtension("png"));
  EXPECT_FALSE(hasImageFileExtension("b."));
}

TEST(ImageFile, ReportsRandomBytesAsUndecodableNamingTheFile) {
  TempFolder dir;
  std::mt19937 rng(1);
  std::vector<uint8_t> noise(500);
  for (uint8_t& b : noise) b = static_cast<uint8_t>(rng());
  noise[0] = 0;  // no image signature starts with a zero byte
  testing::writeBytes(dir / "noise.png", noise);
  const std::string message = errorOf(dir / "noise.png");
  EXPECT_THAT(message, HasSubstr("noise.png"));
  EXPECT_THAT(message, HasSubstr("cannot be decoded"));
  EXPECT_THAT(message, HasSubstr("500 bytes are not a PNG"));
}

TEST(ImageFile, ReportsATruncatedPngAsCorrupt) {
  TempFolder dir;
  std::vector<uint8_t> png;
  cv::Mat pattern(16, 16, CV_8UC3);
  cv::randu(pattern, 0, 255);
  cv::imencode(".png", pattern, png);
  png.resize(png.size() / 2);
  testing::writeBytes(dir / "half.png", png);
  const std::string message = errorOf(dir / "half.png");
  EXPECT_THAT(message, HasSubstr("half.png"));
  EXPECT_THAT(message, HasSubstr("starts like a PNG file but its data is corrupt or truncated"));
}

TEST(ImageFile, ReportsMissingAndEmptyFiles) {
  TempFolder dir;
  EXPECT_THAT(errorOf(dir / "missing.png"), HasSubstr("does not exist"));
  testing::writeBytes(dir / "empty.png", {});
  EXPECT_THAT(errorOf(dir / "empty.png"), HasSubstr("is empty (0 bytes)"));
}

}  // namespace
}  // namespace quantlens
