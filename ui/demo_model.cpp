// Demo model lookup: the embedded copy extracted into the user's cache, else the installed or source files.
#include "ui/demo_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringList>

#include "ui/resource_extraction.h"

namespace quantlens::ui {

namespace {

constexpr char kDemoFile[] = "fashion_cnn.onnx";
constexpr char kImagesFolder[] = "images";
// Where resources/CMakeLists.txt embeds resources/demo/.
constexpr char kEmbeddedDemo[] = ":/quantlens/demo";

DemoFiles demoWithImages(const QString& model) {
  if (model.isEmpty()) return {};
  const QFileInfo images(QFileInfo(model).dir().filePath(QString::fromLatin1(kImagesFolder)));
  return {model, images.isDir() ? QDir::cleanPath(images.absoluteFilePath()) : QString()};
}

}  // namespace

QString demoCacheFolder() {
  const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
  return cache.isEmpty() ? QString() : QDir(cache).filePath(QStringLiteral("demo-" QUANTLENS_VERSION));
}

DemoFiles findDemo() {
  const QString folder = demoCacheFolder();
  if (!folder.isEmpty() && extractResourceFolder(QString::fromLatin1(kEmbeddedDemo), folder)) {
    const QFileInfo model(QDir(folder).filePath(QString::fromLatin1(kDemoFile)));
    if (model.isFile()) return demoWithImages(QDir::cleanPath(model.absoluteFilePath()));
  }
  return demoWithImages(demoModelPath(QCoreApplication::applicationDirPath()));
}

QString demoModelPath(const QString& executableDir) {
  QStringList candidates;
  // Installed: /usr/bin/quantlens → /usr/share/quantlens/demo/
  candidates << QDir(executableDir).filePath(QStringLiteral("../share/quantlens/demo/") + kDemoFile);
#ifdef QUANTLENS_SOURCE_DIR
  // Running from a build tree: the file as committed.
  candidates << QStringLiteral(QUANTLENS_SOURCE_DIR "/resources/demo/") + kDemoFile;
#endif
  for (const QString& candidate : candidates) {
    const QFileInfo info(candidate);
    if (info.isFile()) return QDir::cleanPath(info.absoluteFilePath());
  }
  return {};
}

}  // namespace quantlens::ui
