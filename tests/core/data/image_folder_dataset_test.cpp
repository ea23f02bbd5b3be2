// Image folders: class subfolders as sorted labels, flat folders unlabeled, bad layouts rejected.
#include "core/data/image_folder_dataset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "tests/core/data/data_test_support.h"

namespace quantlens {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempFolder;

std::string errorOf(const std::filesystem::path& path) {
  try {
    ImageFolderDataset dataset(path);
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

std::string fileName(const ImageFolderDataset& dataset, int64_t index) {
  return dataset.file(index).lexically_relative(dataset.folder()).generic_string();
}

TEST(ImageFolderDataset, LabelsSamplesBySortedClassSubfolders) {
  TempFolder dir;
  // Created out of order: classes and files must come back sorted.
  testing::writeSolidImage(dir / "dog/b.png", 2, 2, 1, 1, 1);
  testing::writeSolidImage(dir / "dog/a.jpg", 2, 2, 2, 2, 2);
  testing::writeSolidImage(dir / "ant/z.png", 2, 2, 3, 3, 3);
  testing::writeSolidImage(dir / "cat/deep/x.bmp", 2, 2, 4, 4, 4);  // class images are found recursively
  testing::writeSolidImage(dir / "cat/c.png", 2, 2, 5, 5, 5);
  testing::writeBytes(dir / "cat/notes.txt", {'h', 'i'});            // not an image: ignored
  testing::writeSolidImage(dir / "cat/.hidden.png", 2, 2, 6, 6, 6);  // hidden: ignored

  const ImageFolderDataset dataset(dir.path());
  EXPECT_TRUE(dataset.hasLabels());
  EXPECT_THAT(dataset.classNames(), ElementsAre("ant", "cat", "dog"));
  ASSERT_EQ(dataset.size(), 5);
  // Within a class, paths sort by bytes: "cat/c.png" < "cat/deep/x.bmp".
  EXPECT_EQ(fileName(dataset, 0), "ant/z.png");
  EXPECT_EQ(fileName(dataset, 1), "cat/c.png");
  EXPECT_EQ(fileName(dataset, 2), "cat/deep/x.bmp");
  EXPECT_EQ(fileName(dataset, 3), "dog/a.jpg");
  EXPECT_EQ(fileName(dataset, 4), "dog/b.png");
  EXPECT_EQ(dataset.label(0), 0);
  EXPECT_EQ(dataset.label(1), 1);
  EXPECT_EQ(dataset.label(2), 1);
  EXPECT_EQ(dataset.label(3), 2);
  EXPECT_EQ(dataset.label(4), 2);
  EXPECT_EQ(dataset.load(1).at(0, 0, 0), 5);
  EXPECT_THAT(dataset.describe(), HasSubstr("(5 images, 3 classes)"));
}

TEST(ImageFolderDataset, TreatsAFlatFolderAsUnlabeledInByteOrder) {
  TempFolder dir;
  testing::writeSolidImage(dir / "b.png", 2, 2, 0, 0, 0);
  testing::writeSolidImage(dir / "a.png", 2, 2, 0, 0, 0);
  testing::writeSolidImage(dir / "C.PNG", 2, 2, 0, 0, 0);
  std::filesystem::create_directories(dir / "empty-subfolder");  // holds no images: ignored

  const ImageFolderDataset dataset(dir.path());
  EXPECT_FALSE(dataset.hasLabels());
  EXPECT_TRUE(dataset.classNames().empty());
  ASSERT_EQ(dataset.size(), 3);
  // 'C' (0x43) sorts before 'a' (0x61), as Python's sorted() does.
  EXPECT_EQ(fileName(dataset, 0), "C.PNG");
  EXPECT_EQ(fileName(dataset, 1), "a.png");
  EXPECT_EQ(fileName(dataset, 2), "b.png");
  EXPECT_EQ(dataset.label(0), -1);
  EXPECT_THAT(dataset.describe(), HasSubstr("(3 images, unlabeled)"));
}

TEST(ImageFolderDataset, RejectsImagesMixedWithClassSubfolders) {
  TempFolder dir;
  testing::writeSolidImage(dir / "loose.png", 2, 2, 0, 0, 0);
  testing::writeSolidImage(dir / "cat/a.png", 2, 2, 0, 0, 0);
  const std::string message = errorOf(dir.path());
  EXPECT_THAT(message, HasSubstr(dir.path().string()));
  EXPECT_THAT(message, HasSubstr("mixes 1 image file(s)"));
  EXPECT_THAT(message, HasSubstr("'cat'"));
}

TEST(ImageFolderDataset, RejectsAFolderWithoutImages) {
  TempFolder dir;
  testing::writeBytes(dir / "readme.txt", {'x'});
  const std::string message = errorOf(dir.path());
  EXPECT_THAT(message, HasSubstr("contains no image files"));
  EXPECT_THAT(message, HasSubstr("found 1 other file(s)"));
}

TEST(ImageFolderDataset, RejectsAClassSubfolderWithoutImagesBecauseLabelsWouldShift) {
  TempFolder dir;
  testing::writeSolidImage(dir / "a/1.png", 2, 2, 0, 0, 0);
  std::filesystem::create_directories(dir / "b");
  testing::writeSolidImage(dir / "c/1.png", 2, 2, 0, 0, 0);
  EXPECT_THAT(errorOf(dir.path()), HasSubstr("class subfolder 'b' contains no image files"));
}

TEST(ImageFolderDataset, RejectsAMissingFolderAndAFile) {
  TempFolder dir;
  EXPECT_THAT(errorOf(dir / "nowhere"), HasSubstr("the folder does not exist"));
  testing::writeSolidImage(dir / "x.png", 1, 1, 0, 0, 0);
  EXPECT_THAT(errorOf(dir / "x.png"), HasSubstr("it is not a folder"));
}

TEST(ImageFolderDataset, ThrowsNamingTheFileWhenASampleCannotBeDecoded) {
  TempFolder dir;
  testing::writeSolidImage(dir / "good.png", 2, 2, 0, 0, 0);
  testing::writeBytes(dir / "bad.png", {0, 1, 2, 3, 4, 5, 6, 7});
  const ImageFolderDataset dataset(dir.path());
  ASSERT_EQ(dataset.size(), 2);  // listed by name; decoding happens on load
  EXPECT_NO_THROW(dataset.load(1));
  try {
    dataset.load(0);
    FAIL() << "a corrupt image must not load";
  } catch (const Error& e) {
    EXPECT_THAT(e.message(), HasSubstr("bad.png"));
    EXPECT_EQ(e.kind(), ErrorKind::InvalidInput);
  }
}

}  // namespace
}  // namespace quantlens
