// IDX (MNIST-format) files: plain and gzip, labels found beside the images, every header rule checked.
#include "core/data/idx_dataset.h"

#include <numeric>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/core/data/data_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempFolder;

const std::filesystem::path kFashionMnist = "/usr/share/datasets/fashion-mnist";

std::string errorOf(const std::filesystem::path& images) {
  try {
    IdxDataset dataset(images);
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

// Three 2x3 images whose pixels count 0, 1, 2, ... through the file.
std::vector<uint8_t> countingPixels() {
  std::vector<uint8_t> pixels(3 * 2 * 3);
  std::iota(pixels.begin(), pixels.end(), uint8_t{0});
  return pixels;
}

TEST(IdxDataset, ReadsPlainImagesWithTheLabelsFileBesideThem) {
  TempFolder dir;
  testing::writeBytes(dir / "demo-images-idx3-ubyte", testing::idxImages(3, 2, 3, countingPixels()));
  testing::writeBytes(dir / "demo-labels-idx1-ubyte", testing::idxLabels({4, 0, 2}));

  const IdxDataset dataset(dir / "demo-images-idx3-ubyte");
  ASSERT_EQ(dataset.size(), 3);
  EXPECT_EQ(dataset.height(), 2);
  EXPECT_EQ(dataset.width(), 3);
  EXPECT_TRUE(dataset.hasLabels());
  EXPECT_EQ(dataset.label(0), 4);
  EXPECT_EQ(dataset.label(2), 2);
  // Class names are the label values 0..max, as the file carries no names.
  EXPECT_THAT(dataset.classNames(), ElementsAre("0", "1", "2", "3", "4"));

  const Image second = dataset.load(1);
  ASSERT_EQ(second.channels(), 1);
  EXPECT_EQ(second.at(0, 0, 0), 6);  // image 1 starts at byte 1 * 2 * 3
  EXPECT_EQ(second.at(1, 2, 0), 11);
  EXPECT_THAT(dataset.sampleName(1), HasSubstr("demo-images-idx3-ubyte #1"));
}

TEST(IdxDataset, ReadsGzipFilesAndPairsMixedCompression) {
  TempFolder dir;
  testing::writeGzip(dir / "t10k-images-idx3-ubyte.gz", testing::idxImages(3, 2, 3, countingPixels()));
  testing::writeBytes(dir / "t10k-labels-idx1-ubyte", testing::idxLabels({1, 1, 0}));  // not compressed

  EXPECT_EQ(IdxDataset::labelsFileFor(dir / "t10k-images-idx3-ubyte.gz"), dir / "t10k-labels-idx1-ubyte");
  const IdxDataset dataset(dir / "t10k-images-idx3-ubyte.gz");
  EXPECT_EQ(dataset.label(0), 1);
  EXPECT_EQ(dataset.load(2).at(1, 2, 0), 17);
}

TEST(IdxDataset, IsUnlabeledWithoutALabelsFile) {
  TempFolder dir;
  testing::writeBytes(dir / "x-images-idx3-ubyte", testing::idxImages(3, 2, 3, countingPixels()));
  const IdxDataset dataset(dir / "x-images-idx3-ubyte");
  EXPECT_FALSE(dataset.hasLabels());
  EXPECT_EQ(dataset.label(0), -1);
  EXPECT_TRUE(dataset.classNames().empty());
  EXPECT_THAT(dataset.describe(), HasSubstr("3 images of 2x3, unlabeled"));
}

TEST(IdxDataset, ReportsATruncatedImagesFile) {
  TempFolder dir;
  std::vector<uint8_t> bytes = testing::idxImages(3, 2, 3, countingPixels());
  bytes.resize(bytes.size() - 5);  // 18 pixel bytes announced, 13 present
  testing::writeBytes(dir / "cut-images-idx3-ubyte", bytes);
  const std::string message = errorOf(dir / "cut-images-idx3-ubyte");
  EXPECT_THAT(message, HasSubstr("cut-images-idx3-ubyte"));
  EXPECT_THAT(message, HasSubstr("is truncated: its header announces 3 images of 2x3 (18 bytes after the header) "
                                 "but only 13 bytes follow"));
}

TEST(IdxDataset, ReportsATruncatedGzipStream) {
  TempFolder dir;
  testing::writeGzip(dir / "full.gz", testing::idxImages(3, 2, 3, countingPixels()));
  std::ifstream in(dir / "full.gz", std::ios::binary);
  std::vector<uint8_t> gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  gz.resize(gz.size() - 10);  // drop the trailer and part of the deflate data
  testing::writeBytes(dir / "cut-images-idx3-ubyte.gz", gz);
  const std::string message = errorOf(dir / "cut-images-idx3-ubyte.gz");
  EXPECT_THAT(message, HasSubstr("cut-images-idx3-ubyte.gz"));
  EXPECT_THAT(message, HasSubstr("truncated"));
}

TEST(IdxDataset, ReportsAFileEndingInsideItsHeader) {
  TempFolder dir;
  testing::writeBytes(dir / "h-images-idx3-ubyte", {0, 0, 8, 3, 0, 0});
  EXPECT_THAT(errorOf(dir / "h-images-idx3-ubyte"), HasSubstr("ends inside its header (reading the image count)"));
}

TEST(IdxDataset, ReportsAWrongMagicNumberWithWhatTheFileHolds) {
  TempFolder dir;
  testing::writeBytes(dir / "l-images-idx3-ubyte", testing::idxLabels({1, 2}));
  const std::string message = errorOf(dir / "l-images-idx3-ubyte");
  EXPECT_THAT(message, HasSubstr("magic number 0x00000801 is not an IDX images file (expected 0x00000803: "
                                 "unsigned bytes in 3 dimensions)"));
  EXPECT_THAT(message, HasSubstr("it holds unsigned bytes in 1 dimension(s)"));

  std::vector<uint8_t> floats;
  testing::appendBigEndian32(floats, 0x00000D03);
  testing::writeBytes(dir / "f-images-idx3-ubyte", floats);
  EXPECT_THAT(errorOf(dir / "f-images-idx3-ubyte"), HasSubstr("it holds 32-bit floats in 3 dimension(s)"));
}

TEST(IdxDataset, ReportsZeroImagesAndImpossibleSizes) {
  TempFolder dir;
  testing::writeBytes(dir / "z-images-idx3-ubyte", testing::idxImages(0, 2, 3, {}));
  EXPECT_THAT(errorOf(dir / "z-images-idx3-ubyte"), HasSubstr("holds no images"));
  testing::writeBytes(dir / "s-images-idx3-ubyte", testing::idxImages(1, 0, 3, {}));
  EXPECT_THAT(errorOf(dir / "s-images-idx3-ubyte"), HasSubstr("image size 0x3 is not valid"));
}

TEST(IdxDataset, ReportsDataAfterTheAnnouncedImages) {
  TempFolder dir;
  std::vector<uint8_t> bytes = testing::idxImages(3, 2, 3, countingPixels());
  bytes.push_back(99);
  testing::writeBytes(dir / "long-images-idx3-ubyte", bytes);
  EXPECT_THAT(errorOf(dir / "long-images-idx3-ubyte"), HasSubstr("has data after the 3 images of 2x3"));
}

TEST(IdxDataset, ReportsALabelCountThatDiffersFromTheImageCount) {
  TempFolder dir;
  testing::writeBytes(dir / "m-images-idx3-ubyte", testing::idxImages(3, 2, 3, countingPixels()));
  testing::writeBytes(dir / "m-labels-idx1-ubyte", testing::idxLabels({1, 2}));
  EXPECT_THAT(errorOf(dir / "m-images-idx3-ubyte"), HasSubstr("has 2 labels but images file"));
}

TEST(IdxDataset, NamesTheLabelsFileOfTheImagesFile) {
  TempFolder dir;
  testing::writeBytes(dir / "train-labels-idx1-ubyte.gz", {});
  EXPECT_EQ(IdxDataset::labelsFileFor(dir / "train-images-idx3-ubyte.gz"), dir / "train-labels-idx1-ubyte.gz");
  EXPECT_EQ(IdxDataset::labelsFileFor(dir / "other-images-idx3-ubyte.gz"), std::nullopt);
  EXPECT_EQ(IdxDataset::labelsFileFor(dir / "digits.bin"), std::nullopt);
}

TEST(IdxDataset, ReadsTheRealFashionMnistTestSet) {
  const std::filesystem::path images = kFashionMnist / "t10k-images-idx3-ubyte.gz";
  if (!std::filesystem::exists(images)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const IdxDataset dataset(images);
  EXPECT_EQ(dataset.size(), 10000);
  EXPECT_EQ(dataset.height(), 28);
  EXPECT_EQ(dataset.width(), 28);
  ASSERT_TRUE(dataset.hasLabels());
  EXPECT_EQ(dataset.classNames().size(), 10u);
  EXPECT_EQ(dataset.label(0), 9);     // the first test image is an ankle boot (class 9)
  EXPECT_EQ(dataset.label(9999), 5);  // and the last a sandal (class 5)

  // Derived independently with numpy:
  //   python3 -c "import gzip,numpy as np; b=gzip.open('t10k-images-idx3-ubyte.gz').read();
  //               a=np.frombuffer(b,np.uint8,offset=16).reshape(-1,28,28); print(int(a[0].sum()), a[0][14])"
  // -> 33456, row 14 = [0 0 0 0 0 0 2 4 1 0 0 0 98 136 110 109 110 162 ...]
  const Image first = dataset.load(0);
  int64_t sum = 0;
  for (uint8_t p : first.pixels()) sum += p;
  EXPECT_EQ(sum, 33456);
  EXPECT_EQ(first.at(14, 6, 0), 2);
  EXPECT_EQ(first.at(14, 12, 0), 98);
  EXPECT_EQ(first.at(14, 17, 0), 162);
}

TEST(IdxDataset, ReadsTheRealFashionMnistTrainingLabels) {
  const std::filesystem::path images = kFashionMnist / "train-images-idx3-ubyte.gz";
  if (!std::filesystem::exists(images)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const IdxDataset dataset(images);
  EXPECT_EQ(dataset.size(), 60000);
  // numpy as above on train-*: labels start 9 0 0 3 0; image 0 sums to 76247.
  EXPECT_EQ(dataset.label(0), 9);
  EXPECT_EQ(dataset.label(3), 3);
  const Image first = dataset.load(0);
  int64_t sum = 0;
  for (uint8_t p : first.pixels()) sum += p;
  EXPECT_EQ(sum, 76247);
}

}  // namespace
}  // namespace quantlens
