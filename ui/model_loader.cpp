// Background model loading.
#include "ui/model_loader.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "core/error.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"

namespace quantlens::ui {

namespace {

struct LoadResult {
  QString path;
  std::shared_ptr<const LoadedModel> model;  // null on failure
  QString error;
};

// The graph the analysis runs on; a model that cannot be analysed keeps the reason instead.
void prepare(LoadedModel& loaded) {
  try {
    if (!loaded.summary.unsupported.empty()) throw UnsupportedOperatorsError(loaded.summary.unsupported);
    loaded.prepared = loaded.model.graph;
    prepareForAnalysis(loaded.prepared);
    loaded.plan = planQuantization(loaded.prepared);
    if (loaded.plan.layers.empty())
      throw Error("the model has no Conv, ConvTranspose, Gemm or MatMul layer with constant weights: there is "
                  "nothing to quantize");
  } catch (const Error& e) {
    loaded.prepared = {};
    loaded.plan = {};
    loaded.analysisError = QString::fromStdString(e.message());
  }
}

// Runs on a pool thread: touches no QObject.
LoadResult loadModel(const QString& path) {
  LoadResult result;
  result.path = path;
  QElapsedTimer timer;
  timer.start();
  try {
    auto loaded = std::make_shared<LoadedModel>();
    loaded->path = path;
    loaded->model = importOnnxFile(path.toStdString());
    loaded->summary = summarizeModel(loaded->model);
    prepare(*loaded);
    loaded->loadSeconds = static_cast<double>(timer.nsecsElapsed()) * 1e-9;
    result.model = std::move(loaded);
  } catch (const Error& e) {
    result.error = QString::fromStdString(e.message());
  } catch (const std::exception& e) {
    // Not expected from a user's file; still a message rather than a crash.
    result.error = QStringLiteral("internal error while loading %1: %2").arg(path, QString::fromUtf8(e.what()));
  }
  return result;
}

}  // namespace

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {}

void ModelLoader::load(const QString& path) {
  const quint64 generation = ++m_generation;
  ++m_pending;
  auto* watcher = new QFutureWatcher<LoadResult>(this);
  connect(watcher, &QFutureWatcher<LoadResult>::finished, this, [this, watcher, generation] {
    const LoadResult result = watcher->result();
    watcher->deleteLater();
    --m_pending;
    if (generation != m_generation) return;  // the user asked for another model meanwhile
    if (result.model)
      emit loaded(result.model);
    else
      emit failed(result.path, result.error);
  });
  emit started(path);
  watcher->setFuture(QtConcurrent::run(loadModel, path));
}

}  // namespace quantlens::ui
