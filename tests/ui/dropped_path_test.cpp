// Tests of what a dropped path is taken for, and of the demo model lookup.
#include "ui/dropped_path.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "tests/ui/qt_printers.h"
#include "ui/demo_model.h"

using quantlens::ui::classifyDroppedPath;
using quantlens::ui::DroppedPathKind;

namespace {

void touch(const QString& path) {
  QFile file(path);
  ASSERT_TRUE(file.open(QIODevice::WriteOnly)) << path.toStdString();
}

}  // namespace

TEST(DroppedPath, OnnxFilesAreModelsWhateverTheCase) {
  QTemporaryDir dir;
  touch(dir.filePath("a.onnx"));
  touch(dir.filePath("B.ONNX"));
  EXPECT_EQ(classifyDroppedPath(dir.filePath("a.onnx")), DroppedPathKind::Model);
  EXPECT_EQ(classifyDroppedPath(dir.filePath("B.ONNX")), DroppedPathKind::Model);
}

TEST(DroppedPath, FoldersAndIdxImageFilesAreDatasets) {
  QTemporaryDir dir;
  touch(dir.filePath("train-images-idx3-ubyte"));
  touch(dir.filePath("t10k-images-idx3-ubyte.gz"));
  EXPECT_EQ(classifyDroppedPath(dir.path()), DroppedPathKind::Dataset);
  EXPECT_EQ(classifyDroppedPath(dir.filePath("train-images-idx3-ubyte")), DroppedPathKind::Dataset);
  EXPECT_EQ(classifyDroppedPath(dir.filePath("t10k-images-idx3-ubyte.gz")), DroppedPathKind::Dataset);
}

TEST(DroppedPath, OtherFilesAndMissingPathsAreUnknown) {
  QTemporaryDir dir;
  touch(dir.filePath("notes.txt"));
  touch(dir.filePath("train-labels-idx1-ubyte"));  // labels alone are not a data set
  EXPECT_EQ(classifyDroppedPath(dir.filePath("notes.txt")), DroppedPathKind::Unknown);
  EXPECT_EQ(classifyDroppedPath(dir.filePath("train-labels-idx1-ubyte")), DroppedPathKind::Unknown);
  EXPECT_EQ(classifyDroppedPath(dir.filePath("missing.onnx")), DroppedPathKind::Unknown);
  EXPECT_EQ(classifyDroppedPath(QString()), DroppedPathKind::Unknown);
}

TEST(DemoModel, IsFoundInTheInstalledLayoutBesideTheExecutable) {
  QTemporaryDir prefix;
  ASSERT_TRUE(QDir(prefix.path()).mkpath("bin"));
  ASSERT_TRUE(QDir(prefix.path()).mkpath("share/quantlens/demo"));
  touch(prefix.filePath("share/quantlens/demo/fashion_cnn.onnx"));
  EXPECT_EQ(quantlens::ui::demoModelPath(prefix.filePath("bin")),
            QDir::cleanPath(prefix.filePath("share/quantlens/demo/fashion_cnn.onnx")));
}

TEST(DemoModel, FallsBackToTheSourceTree) {
  QTemporaryDir empty;
  const QString inSource = QStringLiteral(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx");
  const QString expected = QFile::exists(inSource) ? QDir::cleanPath(inSource) : QString();
  EXPECT_EQ(quantlens::ui::demoModelPath(empty.path()), expected);
}
