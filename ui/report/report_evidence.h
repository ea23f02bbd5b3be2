// The report's measurements: per layer the evidence findings are derived from (channel spread,
// per-tensor / per-channel / int4 weight SQNR from re-derived qparams, observer clipping), the
// layers ranked worst first, and the findings themselves.
#pragma once

#include <vector>

#include "core/analysis/findings.h"
#include "ui/plots/activation_histogram_plot.h"
#include "ui/report/report_input.h"

namespace quantlens::ui {

struct ReportLayer {
  size_t index = 0;  // into plan.layers and state.layers
  const LayerActivationError* error = nullptr;
  const ActivationQuant* activation = nullptr;  // the layer's output qparams, when quantized
  std::vector<ObserverClipLine> clipLines;      // every observer on the output's statistics
  LayerEvidence evidence;
};

struct ReportEvidence {
  ModelEvidence model;
  std::vector<ReportLayer> layers;  // worst first: lowest accumulated output SQNR, then weight SQNR
  std::vector<Finding> findings;
};

ReportEvidence gatherEvidence(const ReportInput& input);

}  // namespace quantlens::ui
