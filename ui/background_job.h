// One kind of background work (calibration, evaluation): a function run on Qt's thread pool with a
// cancellation token and progress, whose result is applied on the GUI thread unless superseded.
#pragma once

#include <QFuture>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

#include "core/progress.h"

namespace quantlens::ui {

class BackgroundJob : public QObject {
  Q_OBJECT

public:
  // What the work sees on its pool thread: the token to check and where to report progress.
  struct Context {
    const CancellationToken* cancel = nullptr;
    ProgressCallback progress;
  };
  // Runs on a pool thread and touches no QObject; returns what to do with its result on the GUI thread.
  using Work = std::function<std::function<void()>(const Context&)>;

  explicit BackgroundJob(QObject* parent = nullptr);
  ~BackgroundJob() override;  // cancels every run and waits for them

  // Starts `work`; a run in progress is cancelled and its result dropped. Errors thrown by the work
  // (quantlens::Error, or anything else as an internal error) come back through failed().
  void start(Work work);
  // Sets the running work's token and forgets the run at once (cancelled() follows immediately);
  // the worker stops at its next check and its result is dropped.
  void cancel();
  bool isRunning() const { return m_running; }
  // Blocks until every started run has returned (tests, shutdown).
  void waitForIdle();

signals:
  void progress(qint64 done, qint64 total);
  void failed(const QString& message);
  void cancelled();
  void runningChanged(bool running);

private:
  struct Outcome {
    std::function<void()> apply;
    QString error;
    bool cancelled = false;
  };
  void finish(quint64 run, const Outcome& outcome);

  quint64 m_run = 0;  // the newest run; results of older ones are dropped
  bool m_running = false;
  std::shared_ptr<CancellationToken> m_token;
  std::vector<QFuture<void>> m_futures;  // kept until finished, so the destructor can wait for them
};

}  // namespace quantlens::ui
