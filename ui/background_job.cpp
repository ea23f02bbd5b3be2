// Background jobs.
#include "ui/background_job.h"

#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <exception>

#include "core/error.h"

namespace quantlens::ui {

BackgroundJob::BackgroundJob(QObject* parent) : QObject(parent) {}

BackgroundJob::~BackgroundJob() {
  if (m_token) m_token->cancel();
  waitForIdle();
}

void BackgroundJob::start(Work work) {
  if (m_token) m_token->cancel();
  std::erase_if(m_futures, [](const QFuture<void>& future) { return future.isFinished(); });
  const quint64 run = ++m_run;
  m_token = std::make_shared<CancellationToken>();
  const bool wasRunning = m_running;
  m_running = true;
  if (!wasRunning) emit runningChanged(true);

  // The worker posts progress and its outcome back through queued calls on `this`; the destructor
  // waits for the worker, so `this` outlives every post.
  m_futures.push_back(QtConcurrent::run([this, run, token = m_token, work = std::move(work)] {
    Context context;
    context.cancel = token.get();
    context.progress = [this, run](int64_t done, int64_t total) {
      QMetaObject::invokeMethod(
          this,
          [this, run, done, total] {
            if (run == m_run && m_running) emit progress(done, total);
          },
          Qt::QueuedConnection);
    };
    Outcome outcome;
    try {
      outcome.apply = work(context);
    } catch (const Error& e) {
      outcome.cancelled = e.kind() == ErrorKind::Cancelled;
      outcome.error = QString::fromStdString(e.message());
    } catch (const std::exception& e) {
      // Not expected from a user's file; still a message rather than a crash.
      outcome.error = QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what()));
    }
    if (token->isCancelled()) outcome.cancelled = true;
    QMetaObject::invokeMethod(
        this, [this, run, outcome] { finish(run, outcome); }, Qt::QueuedConnection);
  }));
}

void BackgroundJob::finish(quint64 run, const Outcome& outcome) {
  if (run != m_run || !m_running) return;  // superseded or cancelled meanwhile
  m_running = false;
  emit runningChanged(false);
  if (outcome.cancelled)
    emit cancelled();
  else if (!outcome.error.isEmpty())
    emit failed(outcome.error);
  else if (outcome.apply)
    outcome.apply();
}

void BackgroundJob::cancel() {
  if (m_token) m_token->cancel();
  if (!m_running) return;
  m_running = false;
  emit runningChanged(false);
  emit cancelled();
}

void BackgroundJob::waitForIdle() {
  for (QFuture<void>& future : m_futures) future.waitForFinished();
  m_futures.clear();
}

}  // namespace quantlens::ui
