// Finds the bundled demo model and its images: the copy embedded in the executable, else one on disk.
#pragma once

#include <QString>

namespace quantlens::ui {

struct DemoFiles {
  QString model;  // fashion_cnn.onnx; empty when no demo was found
  QString data;   // its folder of labeled images; empty when there is none
};

// The demo the window opens when started without a model: the files embedded in the executable
// (resources/CMakeLists.txt), extracted on first use into demoCacheFolder() because the engine
// opens models and images by path; when that folder cannot be written, the copy on disk that
// demoModelPath(QCoreApplication::applicationDirPath()) finds.
DemoFiles findDemo();

// QStandardPaths::CacheLocation/demo-<version>: one extraction per user and QuantLens version.
QString demoCacheFolder();

// fashion_cnn.onnx from `<executableDir>/../share/quantlens/demo/` (installed) or
// `<source>/resources/demo/` (a development build); empty when neither exists.
QString demoModelPath(const QString& executableDir);

}  // namespace quantlens::ui
