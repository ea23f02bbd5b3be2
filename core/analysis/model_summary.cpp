// Model summary.
#include "core/analysis/model_summary.h"

#include <filesystem>

#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"

namespace quantlens {

ModelSummary summarizeModel(const Model& model) {
  ModelSummary s;
  s.path = model.path.string();
  s.producer = model.producerName + (model.producerVersion.empty() ? "" : " " + model.producerVersion);
  s.irVersion = model.irVersion;
  s.opset = model.graph.opset;
  s.inputs = model.graph.inputs;
  s.outputs = model.graph.outputs;
  for (const Node& node : model.graph.nodes) ++s.operatorCounts[node.opType];
  s.nodeCount = static_cast<int>(model.graph.nodes.size());
  s.parameters = model.graph.parameterCount();
  s.fp32Bytes = s.parameters * 4;
  std::error_code ec;
  if (!model.path.empty()) s.fileBytes = static_cast<int64_t>(std::filesystem::file_size(model.path, ec));
  Graph normalized = model.graph;  // judge support on the form the executor would run
  try {
    prepareForExecution(normalized);
  } catch (const Error&) {
    normalized = model.graph;  // a node that fails to fold is reported when the model runs
  }
  s.unsupported = Executor::unsupportedOperators(normalized, OpRegistry::builtin());
  return s;
}

}  // namespace quantlens
