// `quantlens-cli run`: FP32 inference on ONNX tensor files or on a dataset.
#include <filesystem>
#include <iostream>

#include "app/cli/cli_command.h"
#include "app/cli/interrupt.h"
#include "app/cli/json_output.h"
#include "app/cli/tensor_files.h"
#include "core/analysis/evaluate_model.h"
#include "core/config/command_line.h"
#include "core/config/data_options.h"
#include "core/data/open_dataset.h"
#include "core/data/sample_order.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"

namespace quantlens::cli {
namespace {

int runOnTensors(const Model& model, const CommandLine& cl) {
  if (!cl.has("save-outputs")) throw UsageError("--tensors needs --save-outputs DIR");
  Graph graph = model.graph;
  prepareForExecution(graph);
  const Executor executor(graph);
  const std::vector<Tensor> outputs = executor.run(readInputTensors(*cl.value("tensors"), graph));
  saveOutputTensors(outputs, graph, *cl.value("save-outputs"));
  return kExitOk;
}

int runOnData(const Model& model, const CommandLine& cl) {
  Graph graph = model.graph;
  Executor::requireSupported(graph);  // exit 3 naming every unsupported operator comes first
  const Preprocessing preprocessing = preprocessingFromCommandLine(cl, graph);
  const SamplingOptions sampling = samplingFromCommandLine(cl);
  prepareForAnalysis(graph, sampling.batchSize);
  const Executor executor(graph);
  const auto dataset = openDataset(*cl.value("data"));
  const auto indices = sampleOrder(dataset->size(), sampling.evalCount, sampling.shuffleSeed);

  BatchLoopOptions loop;
  loop.batchSize = sampling.batchSize;
  loop.cancel = &interruptToken();
  loop.onWarning = [](const std::string& warning) { std::cerr << "warning: " << warning << "\n"; };
  const EvaluationResult result = evaluateModel(executor, *dataset, indices, Preprocessor(preprocessing), loop);

  const ClassificationScore& score = result.score;
  std::cout << dataset->describe() << "\n  preprocessing " << preprocessing.describe() << "\n  "
            << score.samples() << " samples (" << result.skipped << " skipped) in " << result.seconds
            << " s\n  FP32 top-1 " << percent(score.top1()) << ", top-5 " << percent(score.top5()) << "\n";
  if (auto destination = cl.value("json")) {
    writeJson({{"model", {{"path", model.path.string()}, {"params", graph.parameterCount()}}},
               {"data", {{"path", *cl.value("data")}, {"samples", score.samples()}, {"skipped", result.skipped}}},
               {"preprocessing", preprocessing.describe()},
               {"seconds", result.seconds},
               {"fp32", score.labeledSamples() ? nlohmann::ordered_json{{"top1", optionalJson(score.top1())},
                                                                        {"top5", optionalJson(score.top5())},
                                                                        {"samples", score.labeledSamples()}}
                                               : nlohmann::ordered_json(nullptr)}},
              *destination);
  }
  return kExitOk;
}

}  // namespace

int runRun(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = dataOptionSpecs();
  specs.insert(specs.end(), {{"json"}, {"tensors"}, {"save-outputs"}});
  const CommandLine cl = CommandLine::parse(args, specs);
  if (cl.positional().size() != 1) throw UsageError("run takes exactly one MODEL argument");
  const Model model = importOnnxFile(cl.positional()[0]);
  if (cl.has("tensors")) return runOnTensors(model, cl);
  if (cl.has("data")) return runOnData(model, cl);
  throw UsageError("run needs --tensors FILES or --data PATH");
}

}  // namespace quantlens::cli
