// Demo model lookup.
#include "ui/demo_model.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace quantlens::ui {

namespace {

constexpr char kDemoFile[] = "fashion_cnn.onnx";

}  // namespace

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

QString demoModelPath() { return demoModelPath(QCoreApplication::applicationDirPath()); }

QString demoDataPath() {
  const QString model = demoModelPath();
  if (model.isEmpty()) return {};
  const QFileInfo images(QFileInfo(model).dir().filePath(QStringLiteral("images")));
  return images.isDir() ? QDir::cleanPath(images.absoluteFilePath()) : QString();
}

}  // namespace quantlens::ui
