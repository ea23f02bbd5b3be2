// Batches: samples preprocessed into one NCHW tensor in order, undecodable ones skipped with a warning.
#include "core/data/batch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/data/idx_dataset.h"
#include "core/data/image_folder_dataset.h"
#include "core/data/sample_order.h"
#include "tests/core/data/data_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempFolder;

// Raw pixel values out (scale 1, mean 0, std 1), 2x2 gray.
Preprocessing rawGray2x2() {
  Preprocessing p;
  p.height = 2;
  p.width = 2;
  p.color = ColorMode::Gray;
  p.scale = 1.0;
  return p;
}

// A labeled folder of solid gray images: a/10.png a/20.png b/30.png b/broken.png c/40.png.
void writeFolderWithOneBrokenImage(const TempFolder& dir) {
  for (auto [name, value] : {std::pair{"a/10.png", 10}, {"a/20.png", 20}, {"b/30.png", 30}, {"c/40.png", 40}})
    testing::writeImage(dir / name, cv::Mat(2, 2, CV_8UC1, cv::Scalar(value)));
  testing::writeBytes(dir / "b/broken.png", {0x89, 'P', 'N', 'G', 0, 0, 0, 0});
}

TEST(Batch, StacksSamplesInTheGivenOrderWithTheirLabels) {
  TempFolder dir;
  writeFolderWithOneBrokenImage(dir);
  const ImageFolderDataset dataset(dir.path());
  const std::vector<int64_t> indices = {4, 0, 2};  // c/40.png, a/10.png, b/30.png
  const Batch batch = loadBatch(dataset, indices, rawGray2x2());
  EXPECT_EQ(batch.input.shape(), (Shape{3, 1, 2, 2}));
  EXPECT_THAT(batch.input.toFloatVector(), ElementsAre(40, 40, 40, 40, 10, 10, 10, 10, 30, 30, 30, 30));
  EXPECT_THAT(batch.labels, ElementsAre(2, 0, 1));
  EXPECT_THAT(batch.indices, ElementsAre(4, 0, 2));
  EXPECT_EQ(batch.skipped, 0);
  EXPECT_TRUE(batch.warnings.empty());
}

TEST(Batch, SkipsAnUndecodableImageWithAWarningNamingIt) {
  TempFolder dir;
  writeFolderWithOneBrokenImage(dir);
  const ImageFolderDataset dataset(dir.path());
  const Batch batch = loadBatch(dataset, sampleOrder(dataset.size(), kAllSamples), rawGray2x2());
  // Sorted order: a/10 a/20 b/30 b/broken c/40; sample 3 is skipped and the rest close up.
  EXPECT_EQ(batch.input.shape(), (Shape{4, 1, 2, 2}));
  EXPECT_THAT(batch.indices, ElementsAre(0, 1, 2, 4));
  EXPECT_THAT(batch.labels, ElementsAre(0, 0, 1, 2));
  EXPECT_EQ(batch.input.toFloatVector()[3 * 4], 40.0f);
  EXPECT_EQ(batch.skipped, 1);
  ASSERT_EQ(batch.warnings.size(), 1u);
  EXPECT_THAT(batch.warnings[0], HasSubstr("skipped sample 3"));
  EXPECT_THAT(batch.warnings[0], HasSubstr("broken.png"));
  EXPECT_THAT(batch.warnings[0], HasSubstr("starts like a PNG file but its data is corrupt"));
}

TEST(Batch, GivesAnEmptyBatchWhenNoSampleDecodes) {
  TempFolder dir;
  testing::writeBytes(dir / "x.png", {1, 2, 3});
  testing::writeBytes(dir / "y.jpg", {4, 5, 6});
  const ImageFolderDataset dataset(dir.path());
  const Batch batch = loadBatch(dataset, sampleOrder(2, kAllSamples), rawGray2x2());
  EXPECT_EQ(batch.input.shape(), (Shape{0, 1, 2, 2}));
  EXPECT_EQ(batch.size(), 0);
  EXPECT_EQ(batch.skipped, 2);
}

TEST(Batch, IsTheSameWhenDecodedOnSeveralThreads) {
  TempFolder dir;
  writeFolderWithOneBrokenImage(dir);
  for (int i = 0; i < 20; ++i)
    testing::writeSolidImage(dir / ("d/" + std::to_string(100 + i) + ".png"), 3 + i, 5, static_cast<uint8_t>(i),
                             static_cast<uint8_t>(2 * i), static_cast<uint8_t>(3 * i));
  const ImageFolderDataset dataset(dir.path());
  Preprocessing p = rawGray2x2();
  p.color = ColorMode::Bgr;
  const std::vector<int64_t> order = sampleOrder(dataset.size(), kAllSamples, 3);
  const Batch serial = loadBatch(dataset, order, p, 1);
  const Batch parallel = loadBatch(dataset, order, p, 4);
  EXPECT_EQ(serial.input.shape(), (Shape{24, 3, 2, 2}));
  EXPECT_EQ(parallel.input.toFloatVector(), serial.input.toFloatVector());
  EXPECT_EQ(parallel.indices, serial.indices);
  EXPECT_EQ(parallel.labels, serial.labels);
  EXPECT_EQ(parallel.warnings, serial.warnings);
}

TEST(Batch, LabelsUnlabeledSamplesMinusOne) {
  TempFolder dir;
  testing::writeBytes(dir / "u-images-idx3-ubyte", testing::idxImages(2, 2, 2, {1, 2, 3, 4, 5, 6, 7, 8}));
  const IdxDataset dataset(dir / "u-images-idx3-ubyte");
  const Batch batch = loadBatch(dataset, sampleOrder(2, kAllSamples), rawGray2x2());
  EXPECT_THAT(batch.labels, ElementsAre(-1, -1));
  EXPECT_THAT(batch.input.toFloatVector(), ElementsAre(1, 2, 3, 4, 5, 6, 7, 8));
}

TEST(Batch, PreprocessesRealFashionMnistImages) {
  const std::filesystem::path images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
  if (!std::filesystem::exists(images)) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const IdxDataset dataset(images);
  Preprocessing p;
  p.height = 28;
  p.width = 28;
  p.color = ColorMode::Gray;  // scale 1/255, mean 0, std 1
  const Batch batch = loadBatch(dataset, sampleOrder(dataset.size(), 32), p);
  EXPECT_EQ(batch.input.shape(), (Shape{32, 1, 28, 28}));
  EXPECT_EQ(batch.labels[0], 9);
  // Image 0's pixels sum to 33456 (see IdxDataset's test), so its values sum to 33456 / 255.
  double sum = 0;
  for (int i = 0; i < 28 * 28; ++i) sum += batch.input.values<float>()[static_cast<size_t>(i)];
  EXPECT_NEAR(sum, 33456.0 / 255.0, 1e-3);
}

}  // namespace
}  // namespace quantlens
