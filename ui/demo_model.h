// Finds the bundled demo model (and its images) in the installed layout or the source tree.
#pragma once

#include <QString>

namespace quantlens::ui {

// fashion_cnn.onnx from `<exe>/../share/quantlens/demo/` (installed) or `<source>/resources/demo/`;
// empty when neither exists.
QString demoModelPath();
// Same search from an explicit executable folder, so tests need not move the executable.
QString demoModelPath(const QString& executableDir);

// The demo images folder beside the demo model; empty when there is none.
QString demoDataPath();

}  // namespace quantlens::ui
