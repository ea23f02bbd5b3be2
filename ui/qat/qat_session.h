// Quantization-aware training from the window: a QAT run started from the analysis session's current
// PTQ state, on a background thread, with live per-step and per-epoch results, pause, resume and
// cancel, and the trained model as a result beside PTQ (accuracy, size, export).
#pragma once

#include <QObject>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

#include "core/analysis/quantized_accuracy.h"
#include "core/analysis/quantized_size.h"
#include "core/graph/graph.h"
#include "core/quant/quant_config.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/train/qat_settings.h"
#include "core/train/train_loop.h"

namespace quantlens::ui {

class AnalysisSession;
class BackgroundJob;
class PauseGate;

// One finished epoch: training loss and top-1 over its batches, and the evaluation top-1 with the
// qparams of that moment (none without a labeled evaluation set).
struct QatEpoch {
  EpochStats training;
  std::optional<double> evaluationTop1;
  double seconds = 0.0;  // training only
};

// What a finished run produced. `quantized` is PTQ's evaluation of the trained model and its frozen
// qparams (the same path as the analysis page), `ptq` the state it started from evaluated the same
// way, on the same samples; both need a labeled evaluation set.
struct QatResult {
  int64_t trainingSamples = 0;
  Graph graph;          // prepared graph with the trained weights
  QuantPlan plan;
  QuantState state;     // frozen qparams after training
  ModelSize size;
  std::optional<QuantizedAccuracy> ptq;        // FP32 and PTQ before training
  std::optional<EvaluationResult> quantized;  // after training
  double agreementWithFp32 = 0.0;
};

class QatSession : public QObject {
  Q_OBJECT

public:
  explicit QatSession(AnalysisSession* analysis, QObject* parent = nullptr);
  ~QatSession() override;  // cancels a run and waits for it

  // Starts training from the analysis session's current state. `trainingPath` is a labeled folder
  // or IDX set; empty trains on the calibration data. `trainCount` < 0 takes every sample. When the
  // analysis has no state yet or the configuration cannot be trained, errorReported says why and
  // nothing starts (returns false).
  bool start(const QatSettings& settings, const QString& trainingPath = {}, int64_t trainCount = -1);
  void setPaused(bool paused);
  void cancel();

  bool isRunning() const;
  bool isPaused() const;
  // The run in progress (or the last one): every optimizer step and every finished epoch so far.
  const std::vector<BatchStats>& steps() const { return m_steps; }
  const std::vector<QatEpoch>& epochs() const { return m_epochs; }
  int64_t stepsPerEpoch() const { return m_stepsPerEpoch; }
  // Top-1 of FP32 and PTQ on the evaluation samples, known once a run has evaluated its start.
  const std::optional<QuantizedAccuracy>& baseline() const { return m_baseline; }
  // What the run started from: the PTQ configuration and its model size, and the settings.
  const QuantConfig& startConfig() const { return m_startConfig; }
  const std::optional<ModelSize>& ptqSize() const { return m_ptqSize; }
  const QatSettings& runSettings() const { return m_runSettings; }
  // The last finished run's result; cleared when a new run starts or another model opens.
  const QatResult* result() const { return m_result.get(); }

signals:
  void started();
  void baselineEvaluated();
  void stepTrained();  // steps() has a new entry
  void epochFinished(int epoch);
  void finished();
  void failed(const QString& message);
  void cancelled();
  void runningChanged(bool running);
  void pausedChanged(bool paused);
  void progress(const QString& what, qint64 done, qint64 total);
  void errorReported(const QString& title, const QString& message);

private:
  void clear();

  AnalysisSession* m_analysis;
  BackgroundJob* m_job = nullptr;
  std::shared_ptr<PauseGate> m_gate;
  quint64 m_run = 0;  // live updates of older runs are dropped
  int64_t m_stepsPerEpoch = 0;
  std::vector<BatchStats> m_steps;
  std::vector<QatEpoch> m_epochs;
  std::optional<QuantizedAccuracy> m_baseline;
  QuantConfig m_startConfig;
  std::optional<ModelSize> m_ptqSize;
  QatSettings m_runSettings;
  std::shared_ptr<const QatResult> m_result;
};

}  // namespace quantlens::ui
