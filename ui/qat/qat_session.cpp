// QAT session.
#include "ui/qat/qat_session.h"

#include <QFileInfo>
#include <chrono>

#include "core/data/open_dataset.h"
#include "core/data/preprocessor.h"
#include "core/data/sample_order.h"
#include "core/error.h"
#include "core/runtime/executor.h"
#include "core/train/qat_model.h"
#include "core/train/qat_trainer.h"
#include "ui/analysis_session.h"
#include "ui/background_job.h"
#include "ui/qat/pause_gate.h"

namespace quantlens::ui {

namespace {

// What the worker reads: immutable snapshots of the analysis session, taken when the run starts.
struct RunInput {
  std::shared_ptr<const LoadedModel> model;
  std::shared_ptr<const QuantState> state;
  Preprocessing preprocessing;
  SamplingOptions sampling;
  std::shared_ptr<const Dataset> calibrationData;
  std::shared_ptr<const Dataset> evaluationData;  // labeled, or null: no accuracy
  QString trainingPath;                           // empty: the calibration data
  int64_t trainCount = -1;
  QatSettings settings;
};

std::shared_ptr<const Dataset> trainingData(const RunInput& in) {
  if (in.trainingPath.isEmpty()) return in.calibrationData;
  try {
    return openDataset(in.trainingPath.toStdString());
  } catch (Error& e) {
    e.addContext("while opening the training data " + in.trainingPath.toStdString());
    throw;
  }
}

// What a run reports while it trains, each called on the worker thread.
struct LiveUpdates {
  std::function<void(int64_t stepsPerEpoch)> started;
  std::function<void(const QuantizedAccuracy&)> baseline;  // FP32 and PTQ before training
  std::function<void(const BatchStats&)> step;
  std::function<void(const QatEpoch&)> epoch;
};

// The whole run on the worker thread: PTQ baseline, training with a pause between steps, and the
// trained model evaluated as the analysis page evaluates a PTQ state.
std::shared_ptr<const QatResult> trainFromPtq(const RunInput& in, const BackgroundJob::Context& context,
                                              const PauseGate& gate, const LiveUpdates& live) {
  const std::shared_ptr<const Dataset> training = trainingData(in);
  const Preprocessor preprocessor(in.preprocessing);
  const int64_t batchSize = in.sampling.batchSize;
  QatModelOptions modelOptions;
  modelOptions.learnable = in.settings.learnable;
  QatModel qat(in.model->prepared, in.model->plan, *in.state, modelOptions);
  const std::vector<int64_t> trainIndices = sampleOrder(training->size(), in.trainCount);
  const auto count = static_cast<int64_t>(trainIndices.size());
  const int64_t stepsPerEpoch = (count + batchSize - 1) / batchSize;
  live.started(stepsPerEpoch);

  // FP32 and PTQ on the evaluation samples first: the lines the curves are judged against.
  auto result = std::make_shared<QatResult>();
  std::vector<int64_t> evalIndices;
  BatchLoopOptions evalLoop;
  evalLoop.batchSize = batchSize;
  evalLoop.cancel = context.cancel;
  if (in.evaluationData) {
    evalIndices = sampleOrder(in.evaluationData->size(), in.sampling.evalCount, in.sampling.shuffleSeed);
    context.progress(0, 0);
    result->ptq = evaluateQuantized(in.model->prepared, in.model->plan, *in.state, *in.evaluationData,
                                    evalIndices, preprocessor, evalLoop);
    live.baseline(*result->ptq);
  }

  const std::unique_ptr<Optimizer> optimizer = makeOptimizer(in.settings);
  QatRunOptions options = qatRunOptions(in.settings, batchSize);
  options.cancel = context.cancel;
  const Executor teacher(in.model->prepared);
  if (in.settings.distill) options.teacher = [&teacher](const Tensor& input) { return teacher.run({input})[0]; };
  const int64_t totalSamples = count * in.settings.epochs;
  int64_t epochsDone = 0;
  options.progress = [&](int64_t done, int64_t) { context.progress(epochsDone * count + done, totalSamples); };
  // Time spent paused is not training time.
  std::chrono::steady_clock::duration paused{};
  options.onBatch = [&](const BatchStats& step) {
    live.step(step);
    const auto before = std::chrono::steady_clock::now();
    gate.waitWhilePaused(context.cancel);
    paused += std::chrono::steady_clock::now() - before;
  };
  auto epochStart = std::chrono::steady_clock::now();
  trainQat(qat, *optimizer, *training, trainIndices, preprocessor, options, [&](int64_t, const EpochStats& stats) {
    QatEpoch epoch;
    epoch.training = stats;
    epoch.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart - paused).count();
    ++epochsDone;
    if (in.evaluationData)
      epoch.evaluationTop1 = evaluateQat(qat, *in.evaluationData, evalIndices, preprocessor, batchSize, context.cancel).accuracy;
    live.epoch(epoch);
    epochStart = std::chrono::steady_clock::now();
    paused = {};
  });

  // The trained model as the analysis page would evaluate a PTQ state.
  result->trainingSamples = count;
  result->graph = qat.graph();
  result->plan = in.model->plan;
  result->state = qat.quantState();
  result->size = estimateModelSize(result->graph, result->plan, result->state);
  if (in.evaluationData) {
    context.progress(0, 0);
    evalLoop.onWarning = nullptr;  // the PTQ pass warned about every skipped sample
    result->quantized = evaluateFakeQuant(result->graph, result->plan, result->state, *in.evaluationData,
                                          evalIndices, preprocessor, evalLoop);
    result->agreementWithFp32 =
        agreement(result->ptq->fp32.score.predictions(), result->quantized->score.predictions());
  }
  return result;
}

}  // namespace

QatSession::QatSession(AnalysisSession* analysis, QObject* parent)
    : QObject(parent), m_analysis(analysis), m_gate(std::make_shared<PauseGate>()) {
  m_job = new BackgroundJob(this);
  connect(m_job, &BackgroundJob::runningChanged, this, &QatSession::runningChanged);
  connect(m_job, &BackgroundJob::progress, this,
          [this](qint64 done, qint64 total) { emit progress(tr("Training"), done, total); });
  connect(m_job, &BackgroundJob::failed, this, [this](const QString& message) {
    setPaused(false);
    emit failed(message);
    emit errorReported(tr("Quantization-aware training failed"), message);
  });
  connect(m_job, &BackgroundJob::cancelled, this, [this] {
    setPaused(false);
    emit cancelled();
  });
  // Another model: the run and its result belong to the previous one.
  connect(m_analysis, &AnalysisSession::modelChanged, this, [this] {
    cancel();
    clear();
  });
}

QatSession::~QatSession() {
  m_job->cancel();
  m_gate->setPaused(false);
  m_job->waitForIdle();
}

bool QatSession::isRunning() const { return m_job->isRunning(); }

bool QatSession::isPaused() const { return m_gate->isPaused(); }

void QatSession::setPaused(bool paused) {
  if (paused == m_gate->isPaused() || (paused && !isRunning())) return;
  m_gate->setPaused(paused);
  emit pausedChanged(paused);
}

void QatSession::cancel() {
  if (!isRunning()) return;
  m_job->cancel();  // releases a paused worker too (PauseGate polls the token)
}

void QatSession::clear() {
  m_steps.clear();
  m_epochs.clear();
  m_baseline.reset();
  m_result.reset();
  m_ptqSize.reset();
  m_stepsPerEpoch = 0;
}

bool QatSession::start(const QatSettings& settings, const QString& trainingPath, int64_t trainCount) {
  const QString title = tr("Cannot start quantization-aware training");
  if (!m_analysis->state() || !m_analysis->calibrationDataset()) {
    emit errorReported(title, tr("Open a model and calibrate it first: training starts from the PTQ result."));
    return false;
  }
  if (isRunning()) {
    emit errorReported(title, tr("A training run is in progress; cancel it first."));
    return false;
  }
  auto in = std::make_shared<RunInput>();
  in->model = m_analysis->model();
  in->state = std::make_shared<QuantState>(*m_analysis->state());
  in->preprocessing = m_analysis->preprocessing();
  in->sampling = m_analysis->sampling();
  in->calibrationData = m_analysis->calibrationDataset();
  in->evaluationData = m_analysis->evaluationDataset();
  if (in->evaluationData && !in->evaluationData->hasLabels()) in->evaluationData.reset();
  in->trainingPath = trainingPath.isEmpty() ? QString() : QFileInfo(trainingPath).absoluteFilePath();
  in->trainCount = trainCount;
  in->settings = settings;
  if (trainingPath.isEmpty() && !in->calibrationData->hasLabels()) {
    emit errorReported(title, tr("The calibration data %1 has no labels; choose a labeled training set (a folder "
                                 "with one sub-folder per class, or IDX images with their labels file).")
                                  .arg(QString::fromStdString(in->calibrationData->describe())));
    return false;
  }

  clear();
  m_startConfig = m_analysis->config();
  m_ptqSize = m_analysis->size();
  m_runSettings = settings;
  m_gate->setPaused(false);
  const quint64 run = ++m_run;
  // Posts `apply` to the GUI thread unless a newer run started meanwhile.
  auto post = [this, run](std::function<void()> apply) {
    QMetaObject::invokeMethod(
        this,
        [this, run, apply = std::move(apply)] {
          if (run == m_run && isRunning()) apply();
        },
        Qt::QueuedConnection);
  };
  LiveUpdates live;
  live.started = [this, post](int64_t stepsPerEpoch) {
    post([this, stepsPerEpoch] {
      m_stepsPerEpoch = stepsPerEpoch;
      emit started();
    });
  };
  live.baseline = [this, post](const QuantizedAccuracy& baseline) {
    post([this, baseline] {
      m_baseline = baseline;
      emit baselineEvaluated();
    });
  };
  live.step = [this, post](const BatchStats& step) {
    post([this, step] {
      m_steps.push_back(step);
      emit stepTrained();
    });
  };
  live.epoch = [this, post](const QatEpoch& epoch) {
    post([this, epoch] {
      m_epochs.push_back(epoch);
      emit epochFinished(static_cast<int>(m_epochs.size()) - 1);
    });
  };
  m_job->start([in, live, gate = m_gate, this](const BackgroundJob::Context& context) -> std::function<void()> {
    std::shared_ptr<const QatResult> result = trainFromPtq(*in, context, *gate, live);
    return [this, result] {
      m_result = result;
      emit finished();
    };
  });
  return true;
}

}  // namespace quantlens::ui
