// `quantlens --screenshot FILE`: saves the window once the analysis is complete, then quits (README
// and documentation images, taken under Xvfb).
#pragma once

#include <QString>

namespace quantlens::ui {

class MainWindow;

struct ScreenshotRequest {
  QString path;    // PNG to write
  int layer = -1;  // plan index of the layer to select first; -1 leaves the default
  QString tab;     // "analysis" (default), "data" (its data side panel) or "model"
  int timeoutMs = 180000;
};

// Waits until the session is idle with fresh results (or has failed), selects the layer and tab,
// lets the window paint, writes `request.path` and exits the application: 0 when written, 1 otherwise.
void takeScreenshotWhenReady(MainWindow& window, const ScreenshotRequest& request);

}  // namespace quantlens::ui
