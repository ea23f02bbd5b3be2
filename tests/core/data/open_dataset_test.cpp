// Choosing the dataset kind from a path, and what is said when the path is neither kind.
#include "core/data/open_dataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/data/idx_dataset.h"
#include "core/data/image_folder_dataset.h"
#include "core/error.h"
#include "tests/core/data/data_test_support.h"

namespace quantlens {
namespace {

using ::testing::HasSubstr;
using testing::TempFolder;

std::string errorOf(const std::filesystem::path& path) {
  try {
    openDataset(path);
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

TEST(OpenDataset, OpensAFolderAsAnImageFolder) {
  TempFolder dir;
  testing::writeSolidImage(dir / "cls/a.png", 2, 2, 0, 0, 0);
  const std::unique_ptr<Dataset> dataset = openDataset(dir.path());
  EXPECT_NE(dynamic_cast<ImageFolderDataset*>(dataset.get()), nullptr);
  EXPECT_EQ(dataset->size(), 1);
}

TEST(OpenDataset, OpensIdxImagesByNameOrByMagicNumber) {
  TempFolder dir;
  testing::writeGzip(dir / "x-images-idx3-ubyte.gz", testing::idxImages(1, 1, 1, {5}));
  testing::writeBytes(dir / "digits.bin", testing::idxImages(2, 1, 1, {5, 6}));
  const std::unique_ptr<Dataset> byName = openDataset(dir / "x-images-idx3-ubyte.gz");
  EXPECT_NE(dynamic_cast<IdxDataset*>(byName.get()), nullptr);
  const std::unique_ptr<Dataset> byMagic = openDataset(dir / "digits.bin");
  EXPECT_EQ(byMagic->size(), 2);
}

TEST(OpenDataset, ExplainsWhatToPassInsteadOfALabelsFileOrASingleImage) {
  TempFolder dir;
  testing::writeBytes(dir / "x-labels-idx1-ubyte", testing::idxLabels({1}));
  EXPECT_THAT(errorOf(dir / "x-labels-idx1-ubyte"), HasSubstr("is an IDX labels file; pass the images file"));
  testing::writeSolidImage(dir / "one.png", 1, 1, 0, 0, 0);
  EXPECT_THAT(errorOf(dir / "one.png"), HasSubstr("is a single image; pass the folder"));
  testing::writeBytes(dir / "model.onnx", {1, 2, 3, 4, 5});
  EXPECT_THAT(errorOf(dir / "model.onnx"),
              HasSubstr("'" + (dir / "model.onnx").string() + "' is neither a folder of images nor an IDX images file"));
  EXPECT_THAT(errorOf(dir / "missing"), HasSubstr("does not exist"));
}

TEST(OpenDataset, PassesOnTheIdxReadersMessageForADamagedIdxFile) {
  TempFolder dir;
  testing::writeBytes(dir / "bad-images-idx3-ubyte", {1, 2, 3, 4, 5, 6, 7, 8});
  EXPECT_THAT(errorOf(dir / "bad-images-idx3-ubyte"), HasSubstr("magic number 0x01020304 is not an IDX images file"));
}

}  // namespace
}  // namespace quantlens
