// Dropped path classification.
#include "ui/dropped_path.h"

#include <QFileInfo>

namespace quantlens::ui {

DroppedPathKind classifyDroppedPath(const QString& localPath) {
  if (localPath.isEmpty()) return DroppedPathKind::Unknown;
  const QFileInfo info(localPath);
  if (info.isDir()) return DroppedPathKind::Dataset;
  if (!info.isFile()) return DroppedPathKind::Unknown;
  const QString name = info.fileName().toLower();
  if (name.endsWith(QStringLiteral(".onnx"))) return DroppedPathKind::Model;
  // MNIST-style names: train-images-idx3-ubyte, t10k-images-idx3-ubyte.gz
  if (name.endsWith(QStringLiteral("idx3-ubyte")) || name.endsWith(QStringLiteral("idx3-ubyte.gz")))
    return DroppedPathKind::Dataset;
  return DroppedPathKind::Unknown;
}

}  // namespace quantlens::ui
