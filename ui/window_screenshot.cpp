// Window screenshots.
#include "ui/window_screenshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <memory>

#include "ui/analysis_session.h"
#include "ui/analysis_view.h"
#include "ui/main_window.h"

namespace quantlens::ui {

namespace {

constexpr int kPollMs = 200;
constexpr int kSettleMs = 600;  // tooltips gone, every plot painted

bool ready(const AnalysisSession& session) {
  return !session.isBusy() && session.state() && !session.isEvaluationStale();
}

}  // namespace

void takeScreenshotWhenReady(MainWindow& window, const ScreenshotRequest& request) {
  auto* timer = new QTimer(&window);
  auto clock = std::make_shared<QElapsedTimer>();
  clock->start();
  QObject::connect(timer, &QTimer::timeout, &window, [&window, request, timer, clock] {
    const bool timedOut = clock->elapsed() > request.timeoutMs;
    if (!ready(*window.session()) && !timedOut) return;
    timer->stop();
    timer->deleteLater();
    if (request.layer >= 0) window.analysisView()->selectLayer(request.layer);
    if (request.tab == QStringLiteral("model")) window.pages()->setCurrentIndex(1);
    if (request.tab == QStringLiteral("data")) window.analysisView()->showSidePage(1);
    QTimer::singleShot(kSettleMs, &window, [&window, request, timedOut] {
      const bool saved = window.grab().save(request.path, "PNG");
      QTextStream err(stderr);
      if (timedOut) err << "quantlens: the analysis did not finish in time; the screenshot shows it unfinished\n";
      if (!saved) err << "quantlens: could not write " << request.path << "\n";
      QApplication::exit(saved && !timedOut ? 0 : 1);
    });
  });
  timer->start(kPollMs);
}

}  // namespace quantlens::ui
