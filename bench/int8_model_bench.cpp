// Whole-model latency, FP32 executor against the int8 executor, batch 1, one thread: the demo model
// and a ResNet-18-shaped model (bench/support), each quantized with the CLI defaults after a
// calibration on random inputs. Before timing it prints each model's per-node breakdown (the same
// measurement `quantlens-cli bench` makes) and the int8/FP32 ratio of medians of runs taken in turns.
// Run: build/bench/int8_model_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/support/synthetic_models.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/infer_shapes.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/quant/calibration.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/runtime/int8/latency_comparison.h"
#include "core/runtime/tensor_memory.h"

namespace {

using namespace quantlens;

// Uniform values in [lo, hi) from a fixed seed: the same input for both executors and every run.
Tensor randomInput(const Shape& shape, uint32_t seed, float lo, float hi) {
  Tensor tensor(DataType::Float32, shape);
  uint32_t state = seed;
  for (float& v : tensor.values<float>()) {
    state = state * 1664525u + 1013904223u;
    v = lo + (hi - lo) * static_cast<float>(state >> 8) * (1.0f / 16777216.0f);
  }
  return tensor;
}

// A model prepared, calibrated on `calibrationBatches` random batches (the statistics of every
// observed tensor, as calibrate() keeps them) and converted with QuantConfig::defaults().
struct BenchModel {
  std::string name;
  Graph graph;
  std::unique_ptr<Executor> fp32;
  std::unique_ptr<Int8Model> int8;
  Tensor input;  // batch 1
};

std::unique_ptr<BenchModel> makeModel(std::string name, Graph graph, float lo, float hi, int calibrationBatches,
                                      int threads) {
  auto model = std::make_unique<BenchModel>();
  model->name = std::move(name);
  model->graph = std::move(graph);
  prepareForAnalysis(model->graph);
  const QuantPlan plan = planQuantization(model->graph);
  model->fp32 = std::make_unique<Executor>(model->graph);
  const Shape shape = concreteInputShapes(model->graph, 1)[0];
  CalibrationResult calibration;
  for (const std::string& tensor : plan.observedTensors()) calibration.statistics.emplace(tensor, TensorStatistics{});
  ExecutionHooks record;
  record.onGraphInput = [&](const std::string& tensor, Tensor& value) {
    if (auto found = calibration.statistics.find(tensor); found != calibration.statistics.end())
      found->second.update(value);
  };
  record.afterNode = [&](const Node& node, std::span<Tensor> outputs) {
    for (size_t i = 0; i < outputs.size(); ++i)
      if (auto found = calibration.statistics.find(node.outputs[i]); found != calibration.statistics.end())
        found->second.update(outputs[i]);
  };
  for (int b = 0; b < calibrationBatches; ++b)
    model->fp32->run({randomInput(shape, 100 + static_cast<uint32_t>(b), lo, hi)}, &record);
  calibration.samples = calibrationBatches;
  const QuantState state = deriveQuantization(model->graph, plan, calibration, QuantConfig::defaults());
  model->int8 = std::make_unique<Int8Model>(model->graph, plan, state, Int8Options{threads});
  model->input = randomInput(shape, 7, lo, hi);
  return model;
}

std::vector<std::unique_ptr<BenchModel>> g_models;  // demo, resnet18Like

void runFp32(benchmark::State& state) {
  const BenchModel& model = *g_models.at(static_cast<size_t>(state.range(0)));
  state.SetLabel(model.name);
  for (auto _ : state) {
    Tensor output = model.fp32->run({model.input})[0];
    benchmark::DoNotOptimize(output.rawData());
  }
}

void runInt8(benchmark::State& state) {
  const BenchModel& model = *g_models.at(static_cast<size_t>(state.range(0)));
  state.SetLabel(model.name);
  for (auto _ : state) {
    Tensor output = model.int8->run({model.input})[0];
    benchmark::DoNotOptimize(output.rawData());
  }
}

BENCHMARK(runFp32)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(runInt8)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Per-node medians and the ratio of whole-model medians, runs of both executors in turns.
void printBreakdown(const BenchModel& model, int iterations) {
  LatencyOptions options;
  options.iterations = iterations;
  const LatencyComparison latency = compareLatency(*model.fp32, *model.int8, model.input, options);
  std::printf(
      "%s, batch 1, int8 on %d thread(s): FP32 %.3f ms, int8 %.3f ms, int8/FP32 %.3f (medians of %d runs in turns)\n",
      model.name.c_str(), model.int8->threads(), latency.fp32Ms, latency.int8Ms, latency.ratio(), iterations);
  std::printf("  %-28s %-18s %-6s %9s %9s %7s\n", "node", "op", "int8", "FP32 ms", "int8 ms", "ratio");
  double fp32Total = 0.0, int8Total = 0.0;
  for (const NodeLatency& node : latency.nodes) {
    fp32Total += node.fp32Ms;
    int8Total += node.int8Ms;
    std::printf("  %-28s %-18s %-6s %9.4f %9.4f %7.2f\n", node.name.c_str(), node.op.c_str(),
                std::string(int8BackendName(node.backend)).c_str(), node.fp32Ms, node.int8Ms,
                node.fp32Ms > 0 ? node.int8Ms / node.fp32Ms : 0.0);
  }
  std::printf("  %-28s %-18s %-6s %9.4f %9.4f %7.2f  (+ quantize input %.4f, dequantize output %.4f)\n", "sum", "", "",
              fp32Total, int8Total, int8Total / fp32Total, latency.quantizeInputMs, latency.dequantizeOutputMs);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  retainFreedTensorMemory();
  Eigen::setNbThreads(1);
  benchmark::Initialize(&argc, argv);
  int threads = 1;
  if (argc > 1) threads = std::atoi(argv[1]);
  if (argc > 2 || threads < 1) {
    std::fprintf(stderr, "usage: %s [INT8_THREADS] [--benchmark_* options]\n", argv[0]);
    return 1;
  }
  try {
    Model demo = importOnnxFile(QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx");
    // The demo's input is gray pixels scaled to [0, 1]; ResNet's a normalized image.
    g_models.push_back(makeModel("demo fashion_cnn", std::move(demo.graph), 0.0f, 1.0f, 8, threads));
    g_models.push_back(makeModel("resnet18Like", bench::resnet18Like(), -2.0f, 2.0f, 4, threads));
    printBreakdown(*g_models[0], 200);
    printBreakdown(*g_models[1], 10);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "int8_model_bench: %s\n", e.what());
    return 1;
  }
  benchmark::AddCustomContext("int8 threads", std::to_string(threads));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
