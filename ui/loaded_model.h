// A model the window has open: the imported graph and what the summary panel shows about it.
#pragma once

#include <QString>

#include "core/analysis/model_summary.h"
#include "core/graph/graph.h"

namespace quantlens::ui {

struct LoadedModel {
  QString path;  // absolute
  Model model;   // as imported, before passes
  ModelSummary summary;
  double loadSeconds = 0.0;
};

}  // namespace quantlens::ui
