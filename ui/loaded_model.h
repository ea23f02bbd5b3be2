// A model the window has open: the imported graph, what the summary panel shows, and the graph prepared for analysis.
#pragma once

#include <QString>

#include "core/analysis/model_summary.h"
#include "core/graph/graph.h"
#include "core/quant/quant_plan.h"

namespace quantlens::ui {

struct LoadedModel {
  QString path;  // absolute
  Model model;   // as imported, before passes
  ModelSummary summary;
  double loadSeconds = 0.0;
  // prepareForAnalysis(model.graph) and its quantization plan; meaningful only when analysisError is
  // empty. A model QuantLens cannot analyse (unsupported operators, not an image classifier…) still
  // opens, so that its summary says why.
  Graph prepared;
  QuantPlan plan;
  QString analysisError;
};

}  // namespace quantlens::ui
