// `quantlens-cli run`: FP32 inference on ONNX tensor files or on a dataset.
#include <filesystem>
#include <iostream>

#include "app/cli/cli_command.h"
#include "app/cli/json_output.h"
#include "core/analysis/evaluate_model.h"
#include "core/config/command_line.h"
#include "core/config/data_options.h"
#include "core/data/open_dataset.h"
#include "core/data/sample_order.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/graph/tensor_proto.h"
#include "core/runtime/executor.h"

namespace quantlens::cli {
namespace {

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string::npos ? text.size() : comma;
    if (end > start) items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

int runOnTensors(const Model& model, const CommandLine& cl) {
  if (!cl.has("save-outputs")) throw UsageError("--tensors needs --save-outputs DIR");
  const std::vector<std::string> files = splitList(*cl.value("tensors"));
  Graph graph = model.graph;
  prepareForExecution(graph);
  const Executor executor(graph);
  if (files.size() != graph.inputs.size())
    throw Error("the model has " + std::to_string(graph.inputs.size()) + " input(s) but --tensors names " +
                std::to_string(files.size()) + " file(s)");
  std::vector<Tensor> inputs;
  for (const std::string& file : files) inputs.push_back(readTensorFile(file));
  const std::vector<Tensor> outputs = executor.run(std::move(inputs));

  const std::filesystem::path dir = *cl.value("save-outputs");
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto path = dir / ("output_" + std::to_string(i) + ".pb");
    writeTensorFile(outputs[i], graph.outputs[i].name, path);
    std::cout << graph.outputs[i].name << " " << dataTypeName(outputs[i].dtype()) << " "
              << shapeToString(outputs[i].shape()) << " → " << path.string() << "\n";
  }
  return kExitOk;
}

// Percent with two decimals for the summary line.
std::string percent(std::optional<double> fraction) {
  if (!fraction) return "n/a";
  char text[16];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * *fraction);
  return text;
}

nlohmann::ordered_json optionalJson(std::optional<double> value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

int runOnData(const Model& model, const CommandLine& cl) {
  Graph graph = model.graph;
  const Preprocessing preprocessing = preprocessingFromCommandLine(cl, graph);
  const SamplingOptions sampling = samplingFromCommandLine(cl);
  prepareForAnalysis(graph, sampling.batchSize);
  const Executor executor(graph);
  const auto dataset = openDataset(*cl.value("data"));
  const auto indices = sampleOrder(dataset->size(), sampling.evalCount, sampling.shuffleSeed);

  BatchLoopOptions loop;
  loop.batchSize = sampling.batchSize;
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
