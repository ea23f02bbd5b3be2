// The pass pipelines a loaded model goes through before it runs or is analysed.
#pragma once

#include <cstdint>

#include "core/graph/graph.h"

namespace quantlens {

// Opset normalization, Identity/Dropout removal and constant folding: enough to run the model
// exactly as written, at any batch size.
void prepareForExecution(Graph& graph);

// prepareForExecution plus batch-independent shape folding, BatchNormalization folding and shape
// inference at `batch`: the graph QuantLens quantizes and shows layer by layer.
void prepareForAnalysis(Graph& graph, int64_t batch = 1);

}  // namespace quantlens
