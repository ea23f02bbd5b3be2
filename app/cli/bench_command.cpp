// `quantlens-cli bench`: calibrate, derive, convert to the int8 executor, then time FP32 against int8
// at batch 1 (whole model and node by node) and at the --batch size, on preprocessed calibration images.
#include <cstdio>
#include <iostream>

#include "app/cli/batch_progress.h"
#include "app/cli/bench_json.h"
#include "app/cli/cli_command.h"
#include "app/cli/interrupt.h"
#include "app/cli/json_output.h"
#include "core/config/data_options.h"
#include "core/config/quant_options.h"
#include "core/data/batch.h"
#include "core/data/open_dataset.h"
#include "core/data/sample_order.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/qdq_model_info.h"

namespace quantlens::cli {
namespace {

constexpr int64_t kDefaultIterations = 20;
constexpr int kWarmupRuns = 2;

// `batch` samples: the loaded ones repeated in order when the data set holds fewer.
Tensor repeatToBatch(const Tensor& samples, int64_t batch) {
  Shape shape = samples.shape();
  const int64_t loaded = shape.at(0);
  shape[0] = batch;
  Tensor input(DataType::Float32, shape);
  const int64_t sample = samples.numel() / loaded;
  for (int64_t n = 0; n < batch; ++n)
    std::copy_n(samples.data<float>() + (n % loaded) * sample, sample, input.data<float>() + n * sample);
  return input;
}

void printSummary(const BenchResult& r) {
  std::cout << "calibration: " << r.calibration.samples << " samples in " << r.calibration.seconds << " s\n"
            << "config: " << r.state.config.weightScheme.describe() << " weights, "
            << r.state.config.activationScheme->describe() << " activations\n"
            << "latency, median of " << r.iterations << " runs after " << r.warmup
            << " warm-up runs (FP32 1 thread, int8 " << r.threads << (r.threads == 1 ? " thread" : " threads")
            << "):\n";
  auto line = [](const LatencyComparison& latency) {
    std::printf("  batch %-4lld FP32 %9.3f ms   int8 %9.3f ms   int8/FP32 %.2f\n",
                static_cast<long long>(latency.batch), latency.fp32Ms, latency.int8Ms, latency.ratio());
  };
  line(r.single);
  if (r.batch) line(*r.batch);
  std::printf(
      "per node at batch 1 (medians; int8 also quantizes the input in %.3f ms and dequantizes the output "
      "in %.3f ms):\n  %-36s %-18s %-6s %9s %9s\n",
      r.single.quantizeInputMs, r.single.dequantizeOutputMs, "node", "op", "int8", "FP32 ms", "int8 ms");
  for (const NodeLatency& node : r.single.nodes)
    std::printf("  %-36s %-18s %-6s %9.4f %9.4f\n", node.name.c_str(), node.op.c_str(),
                std::string(int8BackendName(node.backend)).c_str(), node.fp32Ms, node.int8Ms);
  for (const NodeLatency& node : r.single.nodes)
    if (node.backend == Int8Backend::Float && !node.detail.empty())
      std::cout << "  float: " << node.name << ": " << node.detail << "\n";
  std::fflush(stdout);
}

}  // namespace

int runBench(const std::vector<std::string>& args) {
  const CommandLine cl = CommandLine::parse(
      args, quantizingCommandOptionSpecs({{"json"}, {"export-onnx"}, {"iterations"}, {"threads"}}));
  if (cl.positional().size() != 1) throw UsageError("bench takes exactly one MODEL argument");
  if (!cl.has("calib")) throw UsageError("bench needs --calib PATH");
  const QuantConfig config = quantConfigFromCommandLine(cl);
  if (const auto why = int8Unsupported(config)) throw Error("bench compares FP32 with the int8 executor, but " + *why);

  BenchResult r;
  r.iterations = static_cast<int>(cl.intValue("iterations", kDefaultIterations, 1, 1'000'000));
  r.threads = static_cast<int>(cl.intValue("threads", 1, 1, 256));
  r.warmup = kWarmupRuns;
  r.model = importOnnxFile(cl.positional()[0]);
  if (const QdqModelInfo qdq = inspectQdqModel(r.model.graph); qdq.quantized())
    throw Error(cl.positional()[0] + " is already quantized (" + qdq.describe() +
                "); bench quantizes a float model itself: give it the float model");
  r.graph = r.model.graph;
  if (r.graph.inputs.size() != 1)
    throw Error("bench times models with one image input; " + cl.positional()[0] + " has " +
                std::to_string(r.graph.inputs.size()));
  r.preprocessing = preprocessingFromCommandLine(cl, r.graph);
  const SamplingOptions sampling = samplingFromCommandLine(cl);
  prepareForAnalysis(r.graph, sampling.batchSize);
  const Preprocessor preprocessor(r.preprocessing);

  const QuantPlan plan = planQuantization(r.graph);
  const auto calibData = openDataset(*cl.value("calib"));
  const BatchLoopOptions loop = cliBatchLoop(sampling.batchSize, "calibrating");
  const Executor fp32(r.graph);
  r.calibration =
      calibrate(fp32, plan, *calibData, sampleOrder(calibData->size(), sampling.calibCount, sampling.shuffleSeed),
                preprocessor, loop);
  r.state = deriveQuantization(r.graph, plan, r.calibration, config);
  if (auto path = cl.value("export-onnx")) {
    r.exported = exportQdqModel(r.graph, plan, r.state, *path);
    for (const std::string& note : r.exported->notes) std::cerr << "note: " << note << "\n";
  }
  const Int8Model int8(r.graph, plan, r.state, {r.threads});

  // Real inputs: the first calibration samples, preprocessed.
  const std::vector<int64_t> indices = sampleOrder(calibData->size(), sampling.batchSize, sampling.shuffleSeed);
  const Batch samples = loadBatch(*calibData, indices, preprocessor);
  if (samples.size() == 0) throw Error("no calibration sample could be loaded for timing");
  LatencyOptions options;
  options.iterations = r.iterations;
  options.warmup = r.warmup;
  options.cancel = &interruptToken();
  r.single = compareLatency(fp32, int8, repeatToBatch(samples.input, 1), options);
  const std::vector<Dim>& inputShape = r.graph.inputs.at(0).shape;
  const bool fixedBatch = !inputShape.empty() && inputShape[0].isKnown();
  if (sampling.batchSize > 1 && fixedBatch)
    std::cerr << "note: the model's input has a fixed batch of " << inputShape[0].value << "; timed at batch 1 only\n";
  if (sampling.batchSize > 1 && !fixedBatch) {
    options.perNode = false;
    r.batch = compareLatency(fp32, int8, repeatToBatch(samples.input, sampling.batchSize), options);
  }

  printSummary(r);
  if (auto destination = cl.value("json")) writeJson(benchJson(r), *destination);
  return kExitOk;
}

}  // namespace quantlens::cli
