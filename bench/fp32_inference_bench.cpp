// FP32 whole-model inference of the demo model: QuantLens's executor against OpenCV DNN on the same
// model file and the same input, one thread each. Run: build/bench/fp32_inference_bench [MODEL.onnx]
#include <benchmark/benchmark.h>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <random>

#include "core/graph/onnx_import.h"
#include "core/graph/passes/infer_shapes.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"

namespace {

std::string g_modelPath = QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx";

std::vector<float> randomInput(size_t count) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = dist(rng);
  return values;
}

void quantLensFp32(benchmark::State& state) {
  const int64_t batch = state.range(0);
  quantlens::Model model = quantlens::importOnnxFile(g_modelPath);
  quantlens::prepareForAnalysis(model.graph, batch);
  const quantlens::Executor executor(model.graph);
  const quantlens::Shape shape = quantlens::concreteInputShapes(model.graph, batch)[0];
  const quantlens::Tensor input = quantlens::Tensor::fromVector<float>(
      shape, randomInput(static_cast<size_t>(quantlens::elementCount(shape))));
  for (auto _ : state) {
    auto outputs = executor.run({input});
    benchmark::DoNotOptimize(outputs[0].rawData());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

void openCvDnnFp32(benchmark::State& state) {
  const int64_t batch = state.range(0);
  cv::setNumThreads(1);
  cv::dnn::Net net = cv::dnn::readNetFromONNX(g_modelPath);
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  quantlens::Model model = quantlens::importOnnxFile(g_modelPath);
  quantlens::Shape shape = quantlens::concreteInputShapes(model.graph, batch)[0];
  std::vector<int> dims(shape.begin(), shape.end());
  std::vector<float> values = randomInput(static_cast<size_t>(quantlens::elementCount(shape)));
  cv::Mat input(static_cast<int>(dims.size()), dims.data(), CV_32F, values.data());
  for (auto _ : state) {
    net.setInput(input);
    cv::Mat out = net.forward();
    benchmark::DoNotOptimize(out.data);
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

BENCHMARK(quantLensFp32)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(openCvDnnFp32)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc > 1) g_modelPath = argv[1];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
