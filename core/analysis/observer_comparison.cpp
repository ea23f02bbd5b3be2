// Observer comparison: re-derive with each activation observer, then measure like the main result.
#include "core/analysis/observer_comparison.h"

#include <cmath>

#include "core/analysis/evaluate_model.h"
#include "core/analysis/layer_analysis.h"
#include "core/error.h"
#include "core/runtime/fake_quant_model.h"

namespace quantlens {
namespace {

constexpr ObserverKind kActivationObservers[] = {ObserverKind::MinMax,     ObserverKind::MovingAverage,
                                                 ObserverKind::Histogram,  ObserverKind::Percentile,
                                                 ObserverKind::Entropy,    ObserverKind::Mse};

std::optional<double> meanClipWidthRatio(const QuantState& state) {
  double sum = 0.0;
  int count = 0;
  for (const auto& [tensor, activation] : state.activations) {
    const double observed = static_cast<double>(activation.observed.max) - activation.observed.min;
    if (!(observed > 0.0)) continue;  // a constant tensor has no width to clip
    sum += (static_cast<double>(activation.clip.max) - activation.clip.min) / observed;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

// The layer SQNR summaries of `row` from the accumulated errors; infinite (exact) layers are left out.
void summarizeLayers(const std::vector<LayerActivationError>& errors, ObserverComparisonRow& row) {
  double sum = 0.0;
  int count = 0;
  for (const LayerActivationError& error : errors) {
    const double db = error.accumulated.sqnrDb;
    if (!std::isfinite(db)) continue;
    sum += db;
    ++count;
    if (!row.worstLayerSqnrDb || db < *row.worstLayerSqnrDb) {
      row.worstLayerSqnrDb = db;
      row.worstLayer = error.layer;
    }
  }
  if (count > 0) row.meanLayerSqnrDb = sum / count;
  if (!errors.empty() && std::isfinite(errors.back().accumulated.sqnrDb))
    row.lastLayerSqnrDb = errors.back().accumulated.sqnrDb;
}

}  // namespace

std::span<const ObserverKind> activationObserverKinds() { return kActivationObservers; }

std::vector<ObserverComparisonRow> compareObservers(const Graph& graph, const QuantPlan& plan,
                                                    const CalibrationResult& calibration, const QuantConfig& config,
                                                    const ObserverComparisonData& data) {
  std::vector<ObserverComparisonRow> rows;
  if (!config.activationScheme) return rows;  // weights only: no observer is involved
  const bool evaluate = data.evaluation && data.preprocessor && !data.indices.empty();
  const int64_t pass = static_cast<int64_t>(data.indices.size());
  const int64_t total = pass * static_cast<int64_t>(std::size(kActivationObservers));
  for (const ObserverKind kind : kActivationObservers) {
    if (data.options.cancel) data.options.cancel->throwIfCancelled();
    ObserverComparisonRow row;
    row.observer = kind;
    row.configured = kind == config.activationObserver.kind;
    QuantConfig variant = config;
    variant.activationObserver.kind = kind;
    std::optional<QuantState> state;
    try {
      state = deriveQuantization(graph, plan, calibration, variant);
    } catch (const Error& e) {
      row.error = e.what();
    }
    if (state) {
      row.clipWidthRatio = meanClipWidthRatio(*state);
      const FakeQuantModel model(graph, plan, *state);
      if (evaluate) {
        BatchLoopOptions options = data.options;
        options.onWarning = nullptr;  // the caller's own evaluation already warned about skipped samples
        if (data.options.progress) {
          const int64_t offset = pass * static_cast<int64_t>(rows.size());
          options.progress = [&data, offset, total](int64_t done, int64_t) { data.options.progress(offset + done, total); };
        }
        const EvaluationResult result =
            evaluateModel(model.executor(), *data.evaluation, data.indices, *data.preprocessor, options, &model.hooks());
        row.top1 = result.score.top1();
        if (!data.fp32Predictions.empty() && data.fp32Predictions.size() == result.score.predictions().size())
          row.agreement = agreement(std::vector<int64_t>(data.fp32Predictions.begin(), data.fp32Predictions.end()),
                                    result.score.predictions());
      }
      if (!data.analysisInputs.empty())
        summarizeLayers(analyzeLayerActivations(graph, plan, *state, data.analysisInputs, data.options.cancel,
                                                LayerErrorScope::AccumulatedOnly),
                        row);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace quantlens
