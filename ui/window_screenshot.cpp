// Window screenshots.
#include "ui/window_screenshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <functional>
#include <memory>

#include "ui/analysis_session.h"
#include "ui/analysis_view.h"
#include "ui/main_window.h"
#include "ui/model_summary_panel.h"
#include "ui/qat/qat_panel.h"
#include "ui/qat/qat_session.h"
#include "ui/qat/qat_settings_form.h"

namespace quantlens::ui {

namespace {

constexpr int kPollMs = 200;
constexpr int kSettleMs = 600;  // tooltips gone, every plot painted
constexpr int kQatEpochs = 3;   // the QAT page's screenshot trains this long first

bool ready(const AnalysisSession& session) {
  return !session.isBusy() && session.state() && !session.isEvaluationStale();
}

// Writes the window after the settle time and exits: 0 when written and nothing timed out.
void grabAndExit(MainWindow& window, const ScreenshotRequest& request, bool timedOut) {
  QTimer::singleShot(kSettleMs, &window, [&window, request, timedOut] {
    const bool saved = window.grab().save(request.path, "PNG");
    QTextStream err(stderr);
    if (timedOut) err << "quantlens: the analysis did not finish in time; the screenshot shows it unfinished\n";
    if (!saved) err << "quantlens: could not write " << request.path << "\n";
    QApplication::exit(saved && !timedOut ? 0 : 1);
  });
}

// Calls `then(timedOut)` once `done` holds or the request's time is up, polling.
void whenDone(MainWindow& window, const ScreenshotRequest& request, std::function<bool()> done,
              std::function<void(bool)> then) {
  auto* timer = new QTimer(&window);
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  QObject::connect(timer, &QTimer::timeout, &window, [request, timer, clock, done, then] {
    const bool timedOut = clock->elapsed() > request.timeoutMs;
    if (!done() && !timedOut) return;
    timer->stop();
    timer->deleteLater();
    then(timedOut);
  });
  timer->start(kPollMs);
}

}  // namespace

void showPage(MainWindow& window, int layer, const QString& tab) {
  if (layer >= 0) window.analysisView()->selectLayer(layer);
  if (tab == QStringLiteral("model")) window.pages()->setCurrentWidget(window.summaryPanel());
  if (tab == QStringLiteral("qat")) window.pages()->setCurrentWidget(window.qatPanel());
  if (tab == QStringLiteral("data")) window.analysisView()->showSidePage(1);
}

void takeScreenshotWhenReady(MainWindow& window, const ScreenshotRequest& request) {
  whenDone(window, request, [&window] { return ready(*window.session()); }, [&window, request](bool timedOut) {
    showPage(window, request.layer, request.tab);
    if (request.tab != QStringLiteral("qat") || timedOut) {
      grabAndExit(window, request, timedOut);
      return;
    }
    QatSettings settings = window.qatPanel()->form()->settings();
    settings.epochs = kQatEpochs;
    window.qatPanel()->form()->setSettings(settings);
    window.qatPanel()->start();
    whenDone(window, request, [&window] { return !window.qatSession()->isRunning(); },
             [&window, request](bool qatTimedOut) { grabAndExit(window, request, qatTimedOut); });
  });
}

}  // namespace quantlens::ui
