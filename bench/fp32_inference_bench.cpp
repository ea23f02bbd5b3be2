// FP32 whole-model inference of the demo model: QuantLens's executor against OpenCV DNN on the same
// model file and the same input, one thread each. Run: build/bench/fp32_inference_bench [MODEL.onnx]
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/graph/onnx_import.h"
#include "core/graph/passes/infer_shapes.h"
#include "core/graph/passes/prepare_graph.h"
#include "core/runtime/executor.h"
#include "core/runtime/tensor_memory.h"

namespace {

std::string g_modelPath = QUANTLENS_SOURCE_DIR "/resources/demo/fashion_cnn.onnx";

constexpr int64_t kBatchSizes[] = {1, 32};
// Both engines fold BatchNormalization into Conv, but not in the same order of float operations.
constexpr float kMaxOutputDifference = 1e-3f;

// Pixels in [0, 1) like the demo's preprocessed images, the same for every engine and run.
std::vector<float> randomInput(size_t count) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float& v : values) v = dist(rng);
  return values;
}

// The demo model prepared as QuantLens analyses it (BatchNormalization folded) at one batch size.
class QuantLensRunner {
public:
  explicit QuantLensRunner(int64_t batch) : m_model(quantlens::importOnnxFile(g_modelPath)) {
    quantlens::prepareForAnalysis(m_model.graph, batch);
    m_executor = std::make_unique<quantlens::Executor>(m_model.graph);
    const quantlens::Shape shape = quantlens::concreteInputShapes(m_model.graph, batch)[0];
    m_input = quantlens::Tensor::fromVector<float>(
        shape, randomInput(static_cast<size_t>(quantlens::elementCount(shape))));
  }
  QuantLensRunner(const QuantLensRunner&) = delete;  // the executor points into m_model
  QuantLensRunner& operator=(const QuantLensRunner&) = delete;

  const quantlens::Shape& inputShape() const { return m_input.shape(); }
  quantlens::Tensor run() const { return m_executor->run({m_input})[0]; }

private:
  quantlens::Model m_model;
  std::unique_ptr<quantlens::Executor> m_executor;
  quantlens::Tensor m_input;
};

// The same file through OpenCV's own DNN backend on the CPU, fed the same input values.
class OpenCvRunner {
public:
  explicit OpenCvRunner(const quantlens::Shape& shape)
      : m_net(cv::dnn::readNetFromONNX(g_modelPath)),
        m_values(randomInput(static_cast<size_t>(quantlens::elementCount(shape)))) {
    m_net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    m_net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    const std::vector<int> dims(shape.begin(), shape.end());
    m_input = cv::Mat(static_cast<int>(dims.size()), dims.data(), CV_32F, m_values.data());
  }

  cv::Mat run() {
    m_net.setInput(m_input);
    return m_net.forward();
  }

private:
  cv::dnn::Net m_net;
  std::vector<float> m_values;  // m_input's elements
  cv::Mat m_input;
};

void quantLensFp32(benchmark::State& state) {
  const QuantLensRunner runner(state.range(0));
  for (auto _ : state) {
    quantlens::Tensor output = runner.run();
    benchmark::DoNotOptimize(output.rawData());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void openCvDnnFp32(benchmark::State& state) {
  const QuantLensRunner shapeSource(state.range(0));
  OpenCvRunner runner(shapeSource.inputShape());
  for (auto _ : state) {
    cv::Mat output = runner.run();
    benchmark::DoNotOptimize(output.data);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(quantLensFp32)->Arg(kBatchSizes[0])->Arg(kBatchSizes[1])->Unit(benchmark::kMicrosecond);
BENCHMARK(openCvDnnFp32)->Arg(kBatchSizes[0])->Arg(kBatchSizes[1])->Unit(benchmark::kMicrosecond);

// Largest |QuantLens − OpenCV| over the model's output at `batch`: timing two engines only means
// something when they compute the same thing.
float maxOutputDifference(int64_t batch) {
  const QuantLensRunner quantLens(batch);
  OpenCvRunner openCv(quantLens.inputShape());
  const quantlens::Tensor ours = quantLens.run();
  const cv::Mat theirs = openCv.run();
  if (theirs.total() != static_cast<size_t>(ours.numel()))
    throw quantlens::Error("QuantLens gives " + std::to_string(ours.numel()) + " outputs but OpenCV DNN " +
                           std::to_string(theirs.total()) + " for " + g_modelPath);
  const float* a = ours.data<float>();
  const float* b = theirs.ptr<float>();
  float worst = 0.0f;
  for (int64_t i = 0; i < ours.numel(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  quantlens::retainFreedTensorMemory();
  // One thread everywhere: QuantLens's executor is single-threaded; Eigen would only thread under
  // OpenMP, which the kernels are not built with, and OpenCV DNN threads unless told otherwise.
  cv::setNumThreads(1);
  Eigen::setNbThreads(1);

  benchmark::Initialize(&argc, argv);
  if (argc > 2) {
    std::fprintf(stderr, "usage: %s [MODEL.onnx] [--benchmark_* options]\n", argv[0]);
    return 1;
  }
  if (argc == 2) g_modelPath = argv[1];

  benchmark::AddCustomContext("model", g_modelPath);
  benchmark::AddCustomContext("threads", "QuantLens 1, Eigen " + std::to_string(Eigen::nbThreads()) +
                                             ", OpenCV " + std::to_string(cv::getNumThreads()));
  try {
    bool agree = true;
    for (const int64_t batch : kBatchSizes) {
      const float difference = maxOutputDifference(batch);
      char text[32];
      std::snprintf(text, sizeof text, "%.3g", static_cast<double>(difference));
      benchmark::AddCustomContext("max |QuantLens - OpenCV| batch " + std::to_string(batch), text);
      agree = agree && difference <= kMaxOutputDifference;
    }
    if (!agree) {
      std::fprintf(stderr, "QuantLens and OpenCV DNN outputs differ by more than %g on %s\n",
                   static_cast<double>(kMaxOutputDifference), g_modelPath.c_str());
      return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fp32_inference_bench: %s\n", e.what());
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
