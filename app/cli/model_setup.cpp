// Model set-up of the quantizing commands.
#include "app/cli/model_setup.h"

#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/qdq_model_info.h"
#include "core/runtime/executor.h"

namespace quantlens::cli {

SamplingOptions setUpQuantization(QuantizeResult& r, const CommandLine& cl, const std::string& refusal) {
  r.model = importOnnxFile(cl.positional()[0]);
  if (const QdqModelInfo qdq = inspectQdqModel(r.model.graph); qdq.quantized())
    throw Error(cl.positional()[0] + " is already quantized (" + qdq.describe() + "): " + refusal);
  Executor::requireSupported(r.model.graph);  // exit 3 naming every unsupported operator comes first
  r.graph = r.model.graph;
  r.preprocessing = preprocessingFromCommandLine(cl, r.graph);
  const SamplingOptions sampling = samplingFromCommandLine(cl);
  prepareForAnalysis(r.graph, sampling.batchSize);
  r.plan = planQuantization(r.graph);
  return sampling;
}

}  // namespace quantlens::cli
