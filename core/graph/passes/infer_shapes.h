// Shapes with a concrete batch, and folding of shape arithmetic that does not depend on the batch.
#pragma once

#include <cstdint>
#include <vector>

#include "core/graph/graph.h"

namespace quantlens {

// The concrete shape of each graph input: symbolic first dimensions become `batch`; any other
// symbolic dimension is an Error naming the input and the dimension.
std::vector<Shape> concreteInputShapes(const Graph& graph, int64_t batch);

// Runs the graph once on zeros of the concrete input shapes and records every value's dtype and
// shape in graph.valueInfo (one run is cheap next to a calibration, and it cannot disagree with the
// kernels, unlike a second set of shape rules).
void inferShapes(Graph& graph, int64_t batch);

// Folds the integer Shape→Gather→Unsqueeze→Concat chains exporters emit wherever their values are
// the same for two different batch sizes; chains that do depend on the batch keep running.
// Returns the number of nodes removed; 0 when the graph cannot run on zeros.
int foldShapeComputations(Graph& graph);

}  // namespace quantlens
