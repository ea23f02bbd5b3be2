// Tests of the embedded demo: every committed file is in the executable, and extraction writes it once.
#include "ui/resource_extraction.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include "tests/ui/qt_printers.h"

using quantlens::ui::extractResourceFolder;

namespace {

const QString kEmbeddedDemo = QStringLiteral(":/quantlens/demo");
const QString kSourceDemo = QStringLiteral(QUANTLENS_SOURCE_DIR "/resources/demo");

QByteArray contents(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Relative paths of the files under `folder`, sorted.
QStringList filesUnder(const QString& folder) {
  QStringList files;
  QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) files << QDir(folder).relativeFilePath(it.next());
  files.sort();
  return files;
}

}  // namespace

TEST(EmbeddedDemo, HoldsTheCommittedModelAndAllItsImages) {
  // The truth is the committed folder: fashion_cnn.onnx, its metadata, 30 images of each of 10 classes.
  const QStringList embedded = filesUnder(kEmbeddedDemo);
  EXPECT_EQ(embedded, filesUnder(kSourceDemo));
  EXPECT_EQ(embedded.filter(QStringLiteral(".png")).size(), 300);
  EXPECT_TRUE(embedded.contains(QStringLiteral("fashion_cnn.onnx")));
}

TEST(ResourceExtraction, WritesEveryFileByteForByte) {
  QTemporaryDir cache;
  const QString folder = cache.filePath(QStringLiteral("demo-test"));
  ASSERT_TRUE(extractResourceFolder(kEmbeddedDemo, folder));
  const QStringList files = filesUnder(kSourceDemo);
  ASSERT_EQ(filesUnder(folder), files);
  for (const QString& file : files)
    ASSERT_EQ(contents(QDir(folder).filePath(file)), contents(QDir(kSourceDemo).filePath(file))) << file.toStdString();
  // Only the finished folder is left, no staging copy beside it.
  EXPECT_EQ(QDir(cache.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
            QStringList{QStringLiteral("demo-test")});
}

TEST(ResourceExtraction, LeavesACompleteCopyAloneAndRepairsAPartialOne) {
  QTemporaryDir cache;
  const QString folder = cache.filePath(QStringLiteral("demo-test"));
  ASSERT_TRUE(extractResourceFolder(kEmbeddedDemo, folder));
  const QString model = QDir(folder).filePath(QStringLiteral("fashion_cnn.onnx"));
  const QString image = QDir(folder).filePath(filesUnder(folder).filter(QStringLiteral(".png")).first());

  // Same size, other bytes: a complete copy is not rewritten (extraction compares names and sizes).
  QByteArray marked = contents(model);
  marked[0] = static_cast<char>(~marked[0]);
  {
    QFile file(model);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(marked);
  }
  ASSERT_TRUE(extractResourceFolder(kEmbeddedDemo, folder));
  EXPECT_EQ(contents(model), marked);

  // A missing file makes the copy partial: the whole folder is written again.
  ASSERT_TRUE(QFile::remove(image));
  ASSERT_TRUE(extractResourceFolder(kEmbeddedDemo, folder));
  EXPECT_TRUE(QFile::exists(image));
  EXPECT_EQ(contents(model), contents(QDir(kSourceDemo).filePath(QStringLiteral("fashion_cnn.onnx"))));
}

TEST(ResourceExtraction, FailsForAnEmptyResourceFolderOrAnUnwritablePlace) {
  QTemporaryDir cache;
  EXPECT_FALSE(extractResourceFolder(QStringLiteral(":/no/such/folder"), cache.filePath(QStringLiteral("x"))));
  // A regular file where the folder's parent should be.
  QFile blocker(cache.filePath(QStringLiteral("file")));
  ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
  blocker.close();
  EXPECT_FALSE(extractResourceFolder(kEmbeddedDemo, cache.filePath(QStringLiteral("file/demo"))));
}
