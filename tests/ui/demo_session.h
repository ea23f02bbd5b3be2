// Helpers of the analysis tests: the bundled demo model and images, and waiting for background work.
#pragma once

#include <QString>
#include <QTest>
#include <functional>

#include "ui/analysis_session.h"
#include "ui/main_window.h"

namespace quantlens::ui::testing {

inline const QString kDemoModel = QStringLiteral(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx");
inline const QString kDemoImages = QStringLiteral(QUANTLENS_SOURCE_DIR "/resources/demo/images");
constexpr int kAnalysisTimeoutMs = 120000;

// Runs the event loop until `done` or the timeout; true when done.
inline bool waitFor(const std::function<bool()>& done, int timeoutMs = kAnalysisTimeoutMs) {
  return QTest::qWaitFor(done, timeoutMs);
}

// Calibrated, evaluated and nothing running: every view can show final numbers.
inline bool isSettled(const AnalysisSession& session) {
  return session.state() && !session.isBusy() && !session.isEvaluationStale();
}

inline bool openDemo(AnalysisSession& session) {
  session.openModel(kDemoModel);
  session.setCalibrationData(kDemoImages);
  return waitFor([&] { return isSettled(session); });
}

// The same through the window's openModel and openDataset.
inline bool openDemo(MainWindow& window) {
  window.openModel(kDemoModel);
  window.openDataset(kDemoImages);
  return waitFor([&] { return isSettled(*window.session()); });
}

}  // namespace quantlens::ui::testing
