// The analysis of one model: its calibration statistics, the quantization derived from them on every
// control change, and the accuracy and per-layer errors measured in the background.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

#include "core/analysis/layer_analysis.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/analysis/quantized_size.h"
#include "core/config/data_options.h"
#include "core/data/dataset.h"
#include "core/data/preprocessing.h"
#include "core/quant/calibration.h"
#include "core/quant/quant_config.h"
#include "core/quant/quant_state.h"
#include "core/runtime/int8/latency_comparison.h"
#include "ui/loaded_model.h"

namespace quantlens::ui {

class BackgroundJob;
class ModelLoader;

// The int8 executor's side of an evaluation (core/runtime/int8/int8_model.h): its accuracy and its
// latency against FP32, or why this configuration runs no integer kernel.
struct Int8Evaluation {
  // Non-empty when no layer runs an integer kernel (activations that are not 8-bit integers, weights
  // no integer kernel takes): the reason, and nothing was measured.
  QString floatOnly;
  int layers = 0;       // layers of the plan
  int floatLayers = 0;  // of them, those that run their float kernel
  std::optional<EvaluationResult> accuracy;  // needs a labeled evaluation set
  double agreementWithQuantized = 0.0;       // same prediction as the fake-quant model
  std::optional<LatencyComparison> latency;  // whole model, batch 1, one thread
};

// The GUI's counterpart of `quantlens-cli quantize` (app/cli/quantize_command.cpp), split so that
// only what a change invalidates is redone:
//   model (ModelLoader: import, prepareForAnalysis, planQuantization)
//     → calibration (background: one FP32 pass, statistics for every observer)
//       → QuantState (synchronous: deriveQuantization from the cached statistics, a few ms)
//         → accuracy (FP32, fake-quant, int8 executor), per-layer activation errors and FP32 vs int8
//           latency (background, restarted after each change).
// Everything is read and changed on the GUI thread; workers get immutable snapshots (shared_ptr).
class AnalysisSession : public QObject {
  Q_OBJECT

public:
  enum class Stage { Idle, Loading, Calibrating, Evaluating };
  Q_ENUM(Stage)

  static constexpr int64_t kDefaultAnalysisCount = 32;   // samples of the per-layer analysis, as the CLI
  static constexpr int kDefaultEvaluationDelayMs = 250;  // lets a spin box settle before a model run
  static constexpr int kLatencyIterations = 20;  // timed batch-1 runs of each executor (median), as bench
  static constexpr int kLatencyWarmup = 2;

  explicit AnalysisSession(QObject* parent = nullptr);
  ~AnalysisSession() override;  // cancels background work and waits for it

  // Loads in the background; the open model stays until the new one has loaded (modelFailed
  // otherwise). A successful load clears overrides and statistics and recalibrates when data is set.
  void openModel(const QString& path);
  // A folder of images or an IDX images file. Calibration data is also the evaluation data when it
  // is labeled and no separate evaluation set was chosen. Both (re)start calibration.
  void setCalibrationData(const QString& path);
  void setEvaluationData(const QString& path);                // empty: evaluate on the calibration data
  void setPreprocessing(const Preprocessing& preprocessing);  // recalibrates
  void setSampling(const SamplingOptions& sampling);          // recalibrates
  void setAnalysisCount(int64_t count) { m_analysisCount = count; }

  // Re-derives the quantization synchronously from the cached statistics (no model run), marks
  // accuracy and layer errors stale and schedules their re-evaluation. An invalid configuration is
  // reported through errorReported and changes nothing; returns whether it was applied.
  bool setConfig(const QuantConfig& config);
  // A layer-table override (LayerOverride{} removes it), through setConfig.
  bool setLayerOverride(const std::string& layer, const LayerOverride& override);

  // Re-evaluation after a change: automatic after a short delay (default), or only on evaluate().
  void setAutoEvaluate(bool enabled) { m_autoEvaluate = enabled; }
  void setEvaluationDelay(int milliseconds) { m_evaluationTimer->setInterval(milliseconds); }
  void calibrate();  // runs calibration again (after a cancel, or to pick up changed images)
  void evaluate();   // starts the evaluation now, cancelling one in progress
  void cancel();     // stops whatever runs in the background; finished results stay

  std::shared_ptr<const LoadedModel> model() const { return m_model; }
  bool canAnalyse() const { return m_model && m_model->analysisError.isEmpty(); }
  const Preprocessing& preprocessing() const { return m_preprocessing; }
  QString calibrationPath() const { return m_calibrationPath; }
  QString evaluationPath() const { return m_evaluationPath; }
  std::shared_ptr<const Dataset> calibrationDataset() const { return m_calibrationData; }
  // What accuracy is measured on: the evaluation set when one was chosen (null until it is opened),
  // else the calibration data. Accuracy needs labels.
  std::shared_ptr<const Dataset> evaluationDataset() const {
    return m_evaluationPath.isEmpty() ? m_calibrationData : m_evaluationData;
  }
  const SamplingOptions& sampling() const { return m_sampling; }

  const CalibrationResult* calibration() const { return m_calibration.get(); }
  const QuantConfig& config() const { return m_config; }
  const QuantState* state() const { return m_state.get(); }
  std::optional<ModelSize> size() const { return m_size; }
  // From the last finished evaluation (which may be for an older configuration: see
  // isEvaluationStale). Accuracy needs a labeled evaluation set.
  const std::optional<QuantizedAccuracy>& accuracy() const { return m_accuracy; }
  const std::vector<LayerActivationError>& layerErrors() const { return m_layerErrors; }
  const LayerActivationError* layerError(const std::string& layer) const;
  const std::optional<Int8Evaluation>& int8() const { return m_int8; }
  bool isEvaluationStale() const { return m_evaluationStale; }

  Stage stage() const;
  bool isBusy() const { return stage() != Stage::Idle; }
  // Background passes that ran the model over data (calibrations and evaluations started): what a
  // control change must not add to.
  int modelRuns() const { return m_modelRuns; }

signals:
  void modelChanged();  // a new model is open; statistics and results are cleared
  void modelFailed(const QString& path, const QString& message);
  void datasetsChanged();  // the calibration or evaluation data set was opened
  void calibrated();
  void configChanged();        // config() changed (also before calibration, when nothing is derived)
  void quantizationChanged();  // state() was re-derived (new statistics, configuration or override)
  void evaluationChanged();    // accuracy(), layerErrors(), int8() or their staleness changed
  void stageChanged(quantlens::ui::AnalysisSession::Stage stage);
  void progress(const QString& what, qint64 done, qint64 total);  // total 0: no estimate
  void statusMessage(const QString& message);
  void errorReported(const QString& title, const QString& message);
  void cancelled();

private:
  void onModelLoaded(std::shared_ptr<const LoadedModel> model);
  void scheduleCalibration();
  void startCalibration();
  void startEvaluation();
  bool derive(const QuantConfig& config);
  void markEvaluationStale();
  void clearResults();
  void updateStage();

  ModelLoader* m_loader = nullptr;
  BackgroundJob* m_calibrationJob = nullptr;
  BackgroundJob* m_evaluationJob = nullptr;
  QTimer* m_evaluationTimer = nullptr;
  bool m_calibrationScheduled = false;
  bool m_autoEvaluate = true;
  Stage m_stage = Stage::Idle;

  std::shared_ptr<const LoadedModel> m_model;
  Preprocessing m_preprocessing;
  SamplingOptions m_sampling;
  int64_t m_analysisCount = kDefaultAnalysisCount;
  QString m_calibrationPath;
  QString m_evaluationPath;
  std::shared_ptr<const Dataset> m_calibrationData;  // opened from m_calibrationPath
  std::shared_ptr<const Dataset> m_evaluationData;   // opened from m_evaluationPath

  QuantConfig m_config = QuantConfig::defaults();
  std::shared_ptr<const CalibrationResult> m_calibration;
  std::shared_ptr<const QuantState> m_state;
  std::optional<ModelSize> m_size;
  std::optional<QuantizedAccuracy> m_accuracy;
  std::vector<LayerActivationError> m_layerErrors;
  std::optional<Int8Evaluation> m_int8;
  bool m_evaluationStale = false;
  int m_modelRuns = 0;
};

}  // namespace quantlens::ui
