// Decides what a file dropped on the window (or named on the command line) is: a model or a data set.
#pragma once

#include <QString>

namespace quantlens::ui {

enum class DroppedPathKind {
  Model,    // an .onnx file
  Dataset,  // a folder of images, or an IDX images file (*-idx3-ubyte[.gz])
  Unknown,
};

DroppedPathKind classifyDroppedPath(const QString& localPath);

}  // namespace quantlens::ui
