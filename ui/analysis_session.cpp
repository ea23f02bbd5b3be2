// Analysis session.
#include "ui/analysis_session.h"

#include <QFileInfo>
#include <algorithm>

#include "core/analysis/int8_accuracy.h"
#include "core/data/batch.h"
#include "core/data/open_dataset.h"
#include "core/data/preprocessor.h"
#include "core/data/sample_order.h"
#include "core/error.h"
#include "core/runtime/executor.h"
#include "ui/background_job.h"
#include "ui/model_loader.h"

namespace quantlens::ui {

namespace {

constexpr size_t kMaxWarningsShown = 5;

QString fileName(const QString& path) { return QFileInfo(path).fileName(); }

std::shared_ptr<const Dataset> openData(const QString& path) {
  try {
    return openDataset(path.toStdString());
  } catch (Error& e) {
    e.addContext("while opening the data set " + path.toStdString());
    throw;
  }
}

// The first few warnings of skipped samples and how many there were: "2 images could not be read: …".
QString skippedMessage(int64_t skipped, const std::vector<std::string>& warnings) {
  QStringList lines;
  for (size_t i = 0; i < std::min(warnings.size(), kMaxWarningsShown); ++i)
    lines << QString::fromStdString(warnings[i]);
  if (static_cast<int64_t>(lines.size()) < skipped)
    lines << QObject::tr("… and %1 more").arg(skipped - static_cast<int64_t>(lines.size()));
  return QObject::tr("%1 of the samples could not be read and were skipped:\n").arg(skipped) + lines.join(u'\n');
}

// How many of the plan's layers run their float kernel in `model`, and the reason of the first one.
struct FloatLayers {
  int count = 0;
  std::string firstReason;
};
FloatLayers floatLayers(const Int8Model& model, const QuantPlan& plan) {
  FloatLayers result;
  for (const QuantizedLayer& layer : plan.layers) {
    const Int8NodeInfo& node = model.nodes().at(static_cast<size_t>(layer.node));
    if (node.backend != Int8Backend::Float) continue;
    if (result.count++ == 0) result.firstReason = node.detail;
  }
  return result;
}

}  // namespace

AnalysisSession::AnalysisSession(QObject* parent) : QObject(parent) {
  m_loader = new ModelLoader(this);
  m_calibrationJob = new BackgroundJob(this);
  m_evaluationJob = new BackgroundJob(this);
  m_evaluationTimer = new QTimer(this);
  m_evaluationTimer->setSingleShot(true);
  m_evaluationTimer->setInterval(kDefaultEvaluationDelayMs);

  connect(m_loader, &ModelLoader::started, this, [this](const QString& path) {
    updateStage();
    emit statusMessage(tr("Opening %1…").arg(fileName(path)));
  });
  connect(m_loader, &ModelLoader::loaded, this, &AnalysisSession::onModelLoaded);
  connect(m_loader, &ModelLoader::failed, this, [this](const QString& path, const QString& message) {
    updateStage();
    emit modelFailed(path, message);
  });
  connect(m_evaluationTimer, &QTimer::timeout, this, &AnalysisSession::startEvaluation);

  // Jobs are also cancelled internally (a newer configuration supersedes an evaluation); only
  // cancel() tells the user.
  for (BackgroundJob* job : {m_calibrationJob, m_evaluationJob})
    connect(job, &BackgroundJob::runningChanged, this, &AnalysisSession::updateStage);
  connect(m_calibrationJob, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total) { emit progress(tr("Calibrating"), done, total); });
  connect(m_evaluationJob, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total) { emit progress(tr("Evaluating"), done, total); });
  connect(m_calibrationJob, &BackgroundJob::failed, this, [this](const QString& message) {
    emit statusMessage(tr("Calibration failed"));
    emit errorReported(tr("Calibration failed"), message);
  });
  connect(m_evaluationJob, &BackgroundJob::failed, this, [this](const QString& message) {
    emit statusMessage(tr("Evaluation failed"));
    emit errorReported(tr("Evaluation failed"), message);
  });
}

AnalysisSession::~AnalysisSession() {
  // Workers post back to the jobs; stop them before the members they read go away.
  m_calibrationJob->cancel();
  m_evaluationJob->cancel();
  m_calibrationJob->waitForIdle();
  m_evaluationJob->waitForIdle();
}

void AnalysisSession::openModel(const QString& path) { m_loader->load(QFileInfo(path).absoluteFilePath()); }

void AnalysisSession::onModelLoaded(std::shared_ptr<const LoadedModel> model) {
  m_calibrationJob->cancel();
  m_evaluationJob->cancel();
  m_model = std::move(model);
  if (!m_config.overrides.empty()) {
    m_config.overrides.clear();  // they name layers of the previous model
    emit configChanged();
  }
  clearResults();
  if (canAnalyse()) {
    try {
      Shape declared;
      for (const Dim& d : m_model->prepared.inputs.at(0).shape) declared.push_back(d.isKnown() ? d.value : -1);
      m_preprocessing = suggestPreprocessing(declared);
    } catch (const Error&) {
      // Not an image model: calibration explains it (checkPreprocessingFitsModel) when data is given.
    }
  }
  updateStage();
  emit modelChanged();
  if (!canAnalyse())
    emit statusMessage(tr("Opened %1; it cannot be analysed: %2").arg(fileName(m_model->path), m_model->analysisError));
  else if (m_calibrationPath.isEmpty())
    emit statusMessage(tr("Opened %1 — drop a folder of images to calibrate it").arg(fileName(m_model->path)));
  scheduleCalibration();
}

void AnalysisSession::setCalibrationData(const QString& path) {
  m_calibrationPath = QFileInfo(path).absoluteFilePath();
  m_calibrationData.reset();
  scheduleCalibration();
}

void AnalysisSession::setEvaluationData(const QString& path) {
  m_evaluationPath = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
  m_evaluationData.reset();
  if (m_calibration) {
    // The statistics stay valid; only accuracy and layer errors change.
    m_evaluationStale = true;
    emit evaluationChanged();
    startEvaluation();
  } else
    scheduleCalibration();
}

void AnalysisSession::setPreprocessing(const Preprocessing& preprocessing) {
  m_preprocessing = preprocessing;
  scheduleCalibration();
}

void AnalysisSession::setSampling(const SamplingOptions& sampling) {
  m_sampling = sampling;
  scheduleCalibration();
}

void AnalysisSession::calibrate() { scheduleCalibration(); }

void AnalysisSession::scheduleCalibration() {
  // Several inputs may change in one turn of the event loop (a model and a folder dropped together,
  // command-line options applied on load): calibrate once, after all of them.
  if (m_calibrationScheduled) return;
  m_calibrationScheduled = true;
  QTimer::singleShot(0, this, [this] {
    if (!m_calibrationScheduled) return;  // cancelled meanwhile
    m_calibrationScheduled = false;
    startCalibration();
  });
}

void AnalysisSession::startCalibration() {
  if (!m_model || m_calibrationPath.isEmpty()) return;
  if (!canAnalyse()) {
    emit errorReported(tr("Cannot analyse this model"),
                       tr("%1 cannot be quantized: %2").arg(fileName(m_model->path), m_model->analysisError));
    return;
  }
  m_evaluationTimer->stop();
  m_evaluationJob->cancel();
  ++m_modelRuns;
  emit statusMessage(tr("Calibrating %1 on %2…").arg(fileName(m_model->path), fileName(m_calibrationPath)));

  struct Output {
    std::shared_ptr<const Dataset> calibrationData;
    std::shared_ptr<const Dataset> evaluationData;
    std::shared_ptr<CalibrationResult> calibration;
    std::vector<std::string> warnings;
  };
  m_calibrationJob->start([model = m_model, preprocessing = m_preprocessing, sampling = m_sampling,
                           calibrationPath = m_calibrationPath, evaluationPath = m_evaluationPath,
                           calibrationData = m_calibrationData, evaluationData = m_evaluationData,
                           this](const BackgroundJob::Context& context) -> std::function<void()> {
    auto out = std::make_shared<Output>();
    out->calibrationData = calibrationData ? calibrationData : openData(calibrationPath);
    if (!evaluationPath.isEmpty()) out->evaluationData = evaluationData ? evaluationData : openData(evaluationPath);
    checkPreprocessingFitsModel(preprocessing, model->prepared);
    const Preprocessor preprocessor(preprocessing);
    const auto indices = sampleOrder(out->calibrationData->size(), sampling.calibCount, sampling.shuffleSeed);
    BatchLoopOptions loop;
    loop.batchSize = sampling.batchSize;
    loop.cancel = context.cancel;
    loop.progress = context.progress;
    loop.onWarning = [&out](const std::string& warning) { out->warnings.push_back(warning); };
    out->calibration = std::make_shared<CalibrationResult>(quantlens::calibrate(
        Executor(model->prepared), model->plan, *out->calibrationData, indices, preprocessor, loop));
    return [this, out] {
      m_calibrationData = out->calibrationData;
      m_evaluationData = out->evaluationData;
      emit datasetsChanged();
      m_calibration = out->calibration;
      if (!derive(m_config)) {
        // A configuration from the command line that these statistics cannot satisfy: fall back.
        derive(QuantConfig::defaults());
      }
      const CalibrationResult& c = *m_calibration;
      emit statusMessage(tr("Calibrated on %1 samples in %2 s").arg(c.samples).arg(c.seconds, 0, 'f', 2));
      emit calibrated();
      if (c.skipped > 0) emit errorReported(tr("Some images were skipped"), skippedMessage(c.skipped, out->warnings));
      startEvaluation();
    };
  });
}

bool AnalysisSession::setConfig(const QuantConfig& config) {
  try {
    config.validate();
  } catch (const Error& e) {
    emit errorReported(tr("Cannot use these settings"), QString::fromStdString(e.message()));
    return false;
  }
  if (!m_calibration) {
    m_config = config;
    emit configChanged();
    return true;
  }
  return derive(config);
}

bool AnalysisSession::setLayerOverride(const std::string& layer, const LayerOverride& override) {
  QuantConfig config = m_config;
  if (override == LayerOverride{})
    config.overrides.erase(layer);
  else
    config.overrides[layer] = override;
  return setConfig(config);
}

bool AnalysisSession::derive(const QuantConfig& config) {
  try {
    auto state =
        std::make_shared<QuantState>(deriveQuantization(m_model->prepared, m_model->plan, *m_calibration, config));
    m_size = estimateModelSize(m_model->prepared, m_model->plan, *state);
    m_state = std::move(state);
    m_config = config;
    emit configChanged();
  } catch (const Error& e) {
    emit errorReported(tr("Cannot use these settings"), QString::fromStdString(e.message()));
    return false;
  }
  emit quantizationChanged();
  markEvaluationStale();
  return true;
}

void AnalysisSession::markEvaluationStale() {
  m_evaluationJob->cancel();
  const bool wasStale = m_evaluationStale;
  m_evaluationStale = true;
  if (!wasStale) emit evaluationChanged();
  if (m_autoEvaluate) m_evaluationTimer->start();
}

void AnalysisSession::evaluate() {
  m_evaluationTimer->stop();
  startEvaluation();
}

void AnalysisSession::startEvaluation() {
  m_evaluationTimer->stop();
  if (!m_state || !m_calibrationData) return;
  ++m_modelRuns;
  emit statusMessage(tr("Evaluating the quantized model…"));

  struct Output {
    std::shared_ptr<const Dataset> evaluationData;
    std::optional<QuantizedAccuracy> accuracy;
    std::vector<LayerActivationError> layers;
    Int8Evaluation int8;
  };
  m_evaluationJob->start([model = m_model, state = m_state, preprocessing = m_preprocessing, sampling = m_sampling,
                          analysisCount = m_analysisCount, calibrationData = m_calibrationData,
                          evaluationData = m_evaluationData, evaluationPath = m_evaluationPath,
                          this](const BackgroundJob::Context& context) -> std::function<void()> {
    auto out = std::make_shared<Output>();
    if (!evaluationPath.isEmpty()) out->evaluationData = evaluationData ? evaluationData : openData(evaluationPath);
    // Accuracy on the chosen evaluation set, else on the calibration set when it is labeled; the
    // per-layer analysis and the latency input on the same data, labeled or not.
    const std::shared_ptr<const Dataset> analysed = out->evaluationData ? out->evaluationData : calibrationData;
    const Preprocessor preprocessor(preprocessing);

    // The int8 executor, unless this configuration would run every layer on float kernels.
    std::optional<Int8Model> int8;
    out->int8.layers = static_cast<int>(model->plan.layers.size());
    if (const auto why = int8Unsupported(state->config)) {
      out->int8.floatOnly = QString::fromStdString(*why);
      out->int8.floatLayers = out->int8.layers;
    } else {
      int8.emplace(model->prepared, model->plan, *state);
      const FloatLayers onFloat = floatLayers(*int8, model->plan);
      out->int8.floatLayers = onFloat.count;
      if (onFloat.count == out->int8.layers) {
        out->int8.floatOnly = QString::fromStdString(onFloat.firstReason);
        int8.reset();
      }
    }

    BatchLoopOptions loop;
    loop.batchSize = sampling.batchSize;
    loop.cancel = context.cancel;
    if (analysed->hasLabels()) {
      // One progress bar over the three passes: FP32 and fake-quant (evaluateQuantized counts both),
      // then int8.
      const auto indices = sampleOrder(analysed->size(), sampling.evalCount, sampling.shuffleSeed);
      const int64_t pass = static_cast<int64_t>(indices.size());
      const int64_t total = (int8 ? 3 : 2) * pass;
      loop.progress = [&context, total](int64_t done, int64_t) { context.progress(done, total); };
      out->accuracy = evaluateQuantized(model->prepared, model->plan, *state, *analysed, indices, preprocessor, loop);
      if (int8) {
        loop.progress = [&context, pass, total](int64_t done, int64_t) { context.progress(2 * pass + done, total); };
        loop.onWarning = nullptr;  // the FP32 pass already warned about every skipped sample
        out->int8.accuracy = evaluateInt8Model(*int8, *analysed, indices, preprocessor, loop);
        out->int8.agreementWithQuantized =
            agreement(out->accuracy->quantized.score.predictions(), out->int8.accuracy->score.predictions());
      }
    }
    loop.progress = nullptr;
    if (analysisCount > 0) {
      context.progress(0, 0);  // the layer analysis reports no progress of its own
      const auto indices = sampleOrder(analysed->size(), analysisCount, sampling.shuffleSeed);
      out->layers = analyzeLayerActivations(model->prepared, model->plan, *state,
                                            loadInputBatches(*analysed, indices, preprocessor, loop), context.cancel);
    }
    if (int8) {
      // Batch 1, one thread, on the first sample that loads: what `quantlens-cli bench` reports first.
      context.progress(0, 0);
      const auto indices = sampleOrder(analysed->size(), std::min<int64_t>(analysed->size(), 8), sampling.shuffleSeed);
      for (const int64_t index : indices) {
        const Batch sample = loadBatch(*analysed, std::span(&index, 1), preprocessor);
        if (sample.size() == 0) continue;
        LatencyOptions options;
        options.iterations = kLatencyIterations;
        options.warmup = kLatencyWarmup;
        options.perNode = false;
        options.cancel = context.cancel;
        out->int8.latency = compareLatency(Executor(model->prepared), *int8, sample.input, options);
        break;
      }
    }
    return [this, out, state, evaluationPath] {
      // A newer configuration or evaluation set: its own evaluation follows.
      if (state != m_state || evaluationPath != m_evaluationPath) return;
      if (out->evaluationData && !m_evaluationData) {
        m_evaluationData = out->evaluationData;
        emit datasetsChanged();
      }
      m_accuracy = std::move(out->accuracy);
      m_layerErrors = std::move(out->layers);
      m_int8 = std::move(out->int8);
      m_evaluationStale = false;
      emit statusMessage(tr("Up to date"));
      emit evaluationChanged();
    };
  });
}

void AnalysisSession::cancel() {
  const bool wasBusy = m_calibrationJob->isRunning() || m_evaluationJob->isRunning() || m_calibrationScheduled;
  m_calibrationScheduled = false;
  m_evaluationTimer->stop();
  m_calibrationJob->cancel();
  m_evaluationJob->cancel();
  if (!wasBusy) return;
  emit statusMessage(m_calibration ? tr("Cancelled; the results shown are from the last finished run")
                                   : tr("Calibration cancelled — press Calibrate to run it again"));
  emit cancelled();
}

const LayerActivationError* AnalysisSession::layerError(const std::string& layer) const {
  const auto found = std::find_if(m_layerErrors.begin(), m_layerErrors.end(),
                                  [&](const LayerActivationError& e) { return e.layer == layer; });
  return found == m_layerErrors.end() ? nullptr : &*found;
}

void AnalysisSession::clearResults() {
  m_evaluationTimer->stop();
  m_calibration.reset();
  m_state.reset();
  m_size.reset();
  m_accuracy.reset();
  m_layerErrors.clear();
  m_int8.reset();
  m_evaluationStale = false;
}

AnalysisSession::Stage AnalysisSession::stage() const { return m_stage; }

void AnalysisSession::updateStage() {
  Stage stage = Stage::Idle;
  if (m_loader->isLoading())
    stage = Stage::Loading;
  else if (m_calibrationJob->isRunning())
    stage = Stage::Calibrating;
  else if (m_evaluationJob->isRunning())
    stage = Stage::Evaluating;
  if (stage == m_stage) return;
  m_stage = stage;
  emit stageChanged(stage);
}

}  // namespace quantlens::ui
