// Pass pipelines.
#include "core/graph/passes/prepare_graph.h"

#include "core/graph/passes/fold_batch_norm.h"
#include "core/graph/passes/fold_constants.h"
#include "core/graph/passes/infer_shapes.h"
#include "core/graph/passes/opset_normalizer.h"
#include "core/graph/passes/remove_identities.h"

namespace quantlens {

void prepareForExecution(Graph& graph) {
  normalizeOpsets(graph);
  removeIdentities(graph);
  foldConstants(graph);
}

void prepareForAnalysis(Graph& graph, int64_t batch) {
  prepareForExecution(graph);
  foldShapeComputations(graph);
  foldBatchNorm(graph);
  inferShapes(graph, batch);
}

}  // namespace quantlens
