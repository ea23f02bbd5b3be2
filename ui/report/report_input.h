// Everything the PDF report shows, gathered by its caller (the CLI's quantize result or the window's
// analysis session): non-owning views of plain core data, valid while the report is written.
#pragma once

#include <QDateTime>
#include <QString>
#include <optional>
#include <span>

#include "core/analysis/evaluate_model.h"
#include "core/analysis/layer_analysis.h"
#include "core/analysis/observer_comparison.h"
#include "core/analysis/quantized_accuracy.h"
#include "core/analysis/quantized_size.h"
#include "core/data/preprocessing.h"
#include "core/graph/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/runtime/int8/latency_comparison.h"

namespace quantlens::ui {

struct ReportInput {
  QString modelPath;
  const Graph* graph = nullptr;  // prepared for analysis (its initializers are the FP32 weights)
  const QuantPlan* plan = nullptr;
  const CalibrationResult* calibration = nullptr;
  const QuantState* state = nullptr;
  const Preprocessing* preprocessing = nullptr;
  QString calibrationData;  // paths as the user gave them
  QString evaluationData;   // empty: none
  ModelSize size;
  std::optional<int64_t> exportedBytes;      // the QDQ file's size when it was exported
  std::optional<int64_t> exportedFp32Bytes;  // the FP32 export it compares with
  const QuantizedAccuracy* accuracy = nullptr;  // with labeled evaluation data
  const EvaluationResult* int8 = nullptr;       // the integer executor's evaluation, when run
  double int8AgreementWithQuantized = 0.0;
  const LatencyComparison* latency = nullptr;  // FP32 vs int8, when measured
  std::span<const LayerActivationError> layerErrors;
  std::span<const ObserverComparisonRow> observerComparison;  // every activation observer, when compared
};

struct ReportOptions {
  int detailedLayers = 5;  // the N worst layers that get a page of plots
  QDateTime date = QDateTime::currentDateTime();
};

}  // namespace quantlens::ui
