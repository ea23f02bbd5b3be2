// `quantlens --screenshot FILE`: saves the window once the analysis is complete, then quits (README
// and documentation images, taken under Xvfb).
#pragma once

#include <QString>

namespace quantlens::ui {

class MainWindow;

struct ScreenshotRequest {
  QString path;    // PNG to write
  int layer = -1;  // plan index of the layer to select first; -1 leaves the default
  QString tab;     // "analysis" (default), "data" (its data side panel), "model" or "qat" (trains first)
  int timeoutMs = 180000;
};

// Selects layer `layer` (plan index, -1 leaves it) and shows page `tab` ("analysis", "data", "model",
// "qat"; empty leaves it): what --layer and --tab ask for.
void showPage(MainWindow& window, int layer, const QString& tab);

// Waits until the session is idle with fresh results (or has failed), selects the layer and tab,
// lets the window paint, writes `request.path` and exits the application: 0 when written, 1 otherwise.
// For the "qat" tab it first trains for a few epochs with the page's settings.
void takeScreenshotWhenReady(MainWindow& window, const ScreenshotRequest& request);

}  // namespace quantlens::ui
