// Resource folder extraction: compare by names and sizes, write to a staging folder, rename.
#include "ui/resource_extraction.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QTemporaryDir>

namespace quantlens::ui {

namespace {

QStringList relativeFilePaths(const QString& resourceFolder) {
  QStringList paths;
  const QDir root(resourceFolder);
  QDirIterator it(resourceFolder, QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) paths << root.relativeFilePath(it.next());
  paths.sort();
  return paths;
}

bool holdsCopy(const QString& folder, const QString& resourceFolder, const QStringList& files) {
  const QDir target(folder), source(resourceFolder);
  for (const QString& file : files) {
    const QFileInfo copy(target.filePath(file));
    if (!copy.isFile() || copy.size() != QFileInfo(source.filePath(file)).size()) return false;
  }
  return true;
}

// Plain writes rather than QFile::copy, which goes through a temporary file per file and keeps the
// resources' read-only permissions: the demo's 300 small images extract seven times faster.
bool copyFiles(const QString& resourceFolder, const QStringList& files, const QString& folder) {
  const QDir source(resourceFolder), target(folder);
  for (const QString& file : files) {
    QFile in(source.filePath(file));
    QFile out(target.filePath(file));
    if (!target.mkpath(QFileInfo(file).path()) || !in.open(QIODevice::ReadOnly) ||
        !out.open(QIODevice::WriteOnly) || out.write(in.readAll()) != in.size() || !out.flush())
      return false;
  }
  return true;
}

}  // namespace

bool extractResourceFolder(const QString& resourceFolder, const QString& folder) {
  const QStringList files = relativeFilePaths(resourceFolder);
  if (files.isEmpty()) return false;
  if (holdsCopy(folder, resourceFolder, files)) return true;

  const QFileInfo target(folder);
  if (!QDir().mkpath(target.absolutePath())) return false;
  QTemporaryDir staging(target.absoluteFilePath() + QStringLiteral(".partial-XXXXXX"));
  if (!staging.isValid() || !copyFiles(resourceFolder, files, staging.path())) return false;
  if (target.exists()) QDir(target.absoluteFilePath()).removeRecursively();
  if (!QDir().rename(staging.path(), target.absoluteFilePath())) {
    // Another instance started at the same time may have renamed its copy first.
    return holdsCopy(folder, resourceFolder, files);
  }
  staging.setAutoRemove(false);  // it is `folder` now
  return true;
}

}  // namespace quantlens::ui
