// Int8 kernels against fp32 on ResNet-18 3×3 and MobileNetV2 depthwise layers, and this machine's int8 peak.
//
// One thread. In the same binary: a tight vpmaddubsw + vpmaddwd + vpaddd loop gives the peak int8
// rate (2 ops per multiply-add, as for the layers). Each layer runs alone (int8 QLinearConv, the same
// with 7-bit weights, the GEMM micro-kernel alone, fp32) and side by side: int8, fp32 and the peak
// loop in turns within every iteration, whose time ratios (fraction of peak, int8 / fp32) are robust
// to a machine whose speed drifts. A table at the end sums it up.
// Run: build/bench/int8_kernels_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "kernels/conv_f32.h"
#include "kernels/conv_s8.h"
#include "kernels/cpu_features.h"
#include "kernels/gemm_s8.h"
#include "kernels/gemm_s8_tiles.h"
#include "kernels/im2col_u8.h"
#include "kernels/requantize.h"
#include "kernels/x86/gemm_s8_avx2.h"
#include "kernels/x86/gemm_s8_layout.h"

namespace {

using namespace quantlens::kernels;

// --- Peak: 8 independent vpmaddubsw → vpmaddwd → vpaddd chains, 8·32 multiply-adds per iteration ---

constexpr double kPeakOpsPerIteration = 8 * 32 * 2;

void peakLoop(int64_t iterations) {
  asm volatile(
      "vpcmpeqw %%ymm15, %%ymm15, %%ymm15\n\t"
      "vpsrlw $15, %%ymm15, %%ymm15\n\t"  // int16 ones
      "vpxor %%ymm0, %%ymm0, %%ymm0\n\t"
      "vpxor %%ymm1, %%ymm1, %%ymm1\n\t"
      "1:\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm2\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm3\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm4\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm5\n\t"
      "vpmaddwd %%ymm15, %%ymm2, %%ymm2\n\t"
      "vpmaddwd %%ymm15, %%ymm3, %%ymm3\n\t"
      "vpmaddwd %%ymm15, %%ymm4, %%ymm4\n\t"
      "vpmaddwd %%ymm15, %%ymm5, %%ymm5\n\t"
      "vpaddd %%ymm2, %%ymm8, %%ymm8\n\t"
      "vpaddd %%ymm3, %%ymm9, %%ymm9\n\t"
      "vpaddd %%ymm4, %%ymm10, %%ymm10\n\t"
      "vpaddd %%ymm5, %%ymm11, %%ymm11\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm2\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm3\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm4\n\t"
      "vpmaddubsw %%ymm0, %%ymm1, %%ymm5\n\t"
      "vpmaddwd %%ymm15, %%ymm2, %%ymm2\n\t"
      "vpmaddwd %%ymm15, %%ymm3, %%ymm3\n\t"
      "vpmaddwd %%ymm15, %%ymm4, %%ymm4\n\t"
      "vpmaddwd %%ymm15, %%ymm5, %%ymm5\n\t"
      "vpaddd %%ymm2, %%ymm12, %%ymm12\n\t"
      "vpaddd %%ymm3, %%ymm13, %%ymm13\n\t"
      "vpaddd %%ymm4, %%ymm14, %%ymm14\n\t"
      "vpaddd %%ymm5, %%ymm7, %%ymm7\n\t"
      "dec %0\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      : "+r"(iterations)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
        "xmm13", "xmm14", "xmm15", "cc");
}

// The fp32 counterpart: 12 independent vfmadd231ps chains, 12·8 multiply-adds per iteration.
constexpr double kFmaOpsPerIteration = 12 * 8 * 2;

void fmaPeakLoop(int64_t iterations) {
  asm volatile(
      "vxorps %%ymm0, %%ymm0, %%ymm0\n\t"
      "vxorps %%ymm1, %%ymm1, %%ymm1\n\t"
      "1:\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm2\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm3\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm4\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm5\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm6\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm7\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm8\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm9\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm10\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm11\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm12\n\t"
      "vfmadd231ps %%ymm0, %%ymm1, %%ymm13\n\t"
      "dec %0\n\t"
      "jnz 1b\n\t"
      "vzeroupper\n\t"
      : "+r"(iterations)
      :
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
        "xmm12", "xmm13", "cc");
}

constexpr int64_t kPeakIterations = 1 << 20;

void setOps(benchmark::State& state, double opsPerIteration) {
  state.counters["GOPS"] =
      benchmark::Counter(opsPerIteration * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void int8Peak(benchmark::State& state) {
  if (!cpuSupportsAvx2()) return state.SkipWithError("no AVX2 on this CPU");
  for (auto _ : state) peakLoop(kPeakIterations);
  setOps(state, kPeakOpsPerIteration * kPeakIterations);
}

void fp32Peak(benchmark::State& state) {
  if (!cpuSupportsAvx2()) return state.SkipWithError("no AVX2/FMA on this CPU");
  for (auto _ : state) fmaPeakLoop(kPeakIterations);
  setOps(state, kFmaOpsPerIteration * kPeakIterations);
}

// --- Layers ---

struct Layer {
  const char* name;
  int64_t channels, outputChannels, size, kernel, stride, groups;
};

// ResNet-18's 3×3 convolutions (stride 1, pad 1) of each stage and MobileNetV2 depthwise 3×3 layers
// (padding kernel / 2 everywhere).
const Layer kLayers[] = {
    {"resnet18_56x56x64", 64, 64, 56, 3, 1, 1},      {"resnet18_28x28x128", 128, 128, 28, 3, 1, 1},
    {"resnet18_14x14x256", 256, 256, 14, 3, 1, 1},   {"resnet18_7x7x512", 512, 512, 7, 3, 1, 1},
    {"mnv2_dw_112x112x32", 32, 32, 112, 3, 1, 32},   {"mnv2_dw_112x112x96_s2", 96, 96, 112, 3, 2, 96},
    {"mnv2_dw_56x56x144", 144, 144, 56, 3, 1, 144}, {"mnv2_dw_14x14x576", 576, 576, 14, 3, 1, 576},
    // ResNet-18's stem and a downsample, and the demo model's (resources/demo/fashion_cnn.onnx) layers,
    // where data preparation weighs more than the multiplies.
    {"resnet18_stem_7x7s2", 3, 64, 224, 7, 2, 1},    {"resnet18_down_1x1s2", 64, 128, 56, 1, 2, 1},
    {"demo_stem_28x28x1", 1, 16, 28, 3, 1, 1},       {"demo_down_28x28x16_s2", 16, 32, 28, 3, 2, 1},
    {"demo_res_14x14x32", 32, 32, 14, 3, 1, 1},      {"demo_dw_14x14x32_s2", 32, 32, 14, 3, 2, 32},
    {"demo_pw_7x7x32", 32, 64, 7, 1, 1, 1},
};

WindowGeometry geometry(const Layer& l) {
  WindowGeometry g;
  const int64_t pad = l.kernel / 2;
  const int64_t out = (l.size + 2 * pad - l.kernel) / l.stride + 1;
  g.input = {1, l.size, l.size};
  g.output = {1, out, out};
  g.kernel = {1, l.kernel, l.kernel};
  g.stride = {1, l.stride, l.stride};
  g.padBegin = {0, pad, pad};
  g.padEnd = {0, pad, pad};
  return g;
}

double layerOps(const Layer& l) {
  const WindowGeometry g = geometry(l);
  return 2.0 * static_cast<double>(l.outputChannels * (l.channels / l.groups) * g.kernelVolume() * g.outputPlane());
}

// Per-channel symmetric weights as a quantizer makes them: Gaussian values scaled so each output
// channel's largest magnitude maps to 127 (or 64 for 7-bit weights), rounded.
std::vector<int8_t> realisticWeights(int64_t rows, int64_t depth, int limit, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<int8_t> w(static_cast<size_t>(rows * depth));
  std::vector<float> row(static_cast<size_t>(depth));
  for (int64_t r = 0; r < rows; ++r) {
    float largest = 0.0f;
    for (float& v : row) {
      v = normal(rng);
      largest = std::max(largest, std::abs(v));
    }
    for (int64_t k = 0; k < depth; ++k)
      w[static_cast<size_t>(r * depth + k)] =
          static_cast<int8_t>(std::nearbyint(row[static_cast<size_t>(k)] / largest * static_cast<float>(limit)));
  }
  return w;
}

std::vector<uint8_t> randomActivations(int64_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(0, 255);
  std::vector<uint8_t> x(static_cast<size_t>(count));
  for (uint8_t& v : x) v = static_cast<uint8_t>(dist(rng));
  return x;
}

// One layer with its data prepared once: the int8 QLinearConv (convU8S8ToU8: the convolution with its
// per-channel requantization to uint8 with ReLU, as the int8 executor runs it), the GEMM micro-kernel
// alone, and the fp32 convolution (convF32, Eigen GEMM or the direct depthwise loop, bias included).
class LayerRun {
public:
  LayerRun(const Layer& l, int weightLimit) : m_layer(l), m_geometry(geometry(l)) {
    const WindowGeometry& g = m_geometry;
    m_params.inputChannels = l.channels;
    m_params.outputChannels = l.outputChannels;
    m_params.groups = l.groups;
    m_params.geometry = g;
    m_params.inputZeroPoint = 3;
    const int64_t depth = l.channels / l.groups * g.kernelVolume();
    const std::vector<int8_t> w = realisticWeights(l.outputChannels, depth, weightLimit, 1);
    m_packed = PackedWeightsS8(w.data(), l.outputChannels, depth, 0, l.groups);
    m_x = randomActivations(l.channels * g.inputPlane(), 2);
    m_bias.assign(static_cast<size_t>(l.outputChannels), 100);
    m_multipliers.assign(static_cast<size_t>(l.outputChannels), 0.001f);
    m_requantization.multipliers = m_multipliers.data();
    m_requantization.perChannel = true;
    m_requantization.zeroPoint = 5;
    m_requantization.outputMin = 5;
    m_acc.resize(static_cast<size_t>(l.outputChannels * g.outputPlane()));
    m_y.resize(m_acc.size());

    m_f32.inputChannels = l.channels;
    m_f32.outputChannels = l.outputChannels;
    m_f32.groups = l.groups;
    m_f32.geometry = g;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    auto fill = [&](std::vector<float>& v, int64_t n) {
      v.resize(static_cast<size_t>(n));
      for (float& e : v) e = dist(rng);
    };
    fill(m_xF32, l.channels * g.inputPlane());
    fill(m_wF32, l.outputChannels * depth);
    fill(m_biasF32, l.outputChannels);
    m_yF32.resize(m_acc.size());
  }

  double ops() const { return layerOps(m_layer); }
  double splitPairFraction() const { return m_packed.splitPairFraction(); }

  void int8() {
    convU8S8ToU8(m_params, m_x.data(), m_packed, m_bias.data(), m_requantization, m_y.data());
    benchmark::DoNotOptimize(m_y.data());
  }

  void fp32() {
    convF32(m_f32, m_xF32.data(), m_wF32.data(), m_biasF32.data(), m_yF32.data());
    benchmark::DoNotOptimize(m_yF32.data());
  }

  // The patch matrix packed once, tile by tile as convU8S8 tiles it, for kernel().
  void packPanels() {
    const WindowGeometry& g = m_geometry;
    const int64_t depth = m_packed.depth(), columns = g.outputPlane(), quads = m_packed.depthQuads();
    Im2colU8 im2col(g, m_layer.channels);
    std::vector<uint8_t> padded(static_cast<size_t>(im2col.paddedSize()));
    im2col.pad(m_x.data(), 3, padded.data());
    m_tile = gemmS8TileColumns(quads, columns);
    std::vector<uint8_t> rows(static_cast<size_t>(kDepthQuad * m_tile));
    for (int64_t first = 0; first < columns; first += m_tile) {
      const int64_t count = std::min(m_tile, columns - first);
      im2col.selectColumns(first, count);
      std::vector<uint8_t>& panel = m_panels.emplace_back(static_cast<size_t>(m_tile / kColumnBlock * blockStride()));
      for (int64_t q = 0; q < quads; ++q) {
        const uint8_t* quadRows[kDepthQuad] = {};
        for (int64_t i = 0; i < kDepthQuad; ++i) {
          if (q * kDepthQuad + i >= depth) continue;
          // Packed position q·4 + i holds the depth the weights' pairing put there.
          im2col.row(padded.data(), m_packed.depthAt(q * kDepthQuad + i), rows.data() + i * m_tile);
          quadRows[i] = rows.data() + i * m_tile;
        }
        packActivationQuadAvx2(quadRows, count, false, panel.data() + q * kBlockQuadBytes, blockStride(), nullptr);
      }
    }
    m_rowOffsets.assign(static_cast<size_t>(m_layer.outputChannels), 0);
  }

  void kernel() {
    const int64_t columns = m_geometry.outputPlane();
    for (size_t t = 0; t < m_panels.size(); ++t) {
      const int64_t first = static_cast<int64_t>(t) * m_tile;
      gemmPanelAvx2(m_packed, 0, m_panels[t].data(), blockStride(), std::min(m_tile, columns - first),
                    m_rowOffsets.data(), nullptr, m_acc.data() + first, columns);
    }
    benchmark::DoNotOptimize(m_acc.data());
  }

private:
  int64_t blockStride() const { return m_packed.depthQuads() * kBlockQuadBytes; }

  Layer m_layer;
  WindowGeometry m_geometry;
  ConvS8Params m_params;
  PackedWeightsS8 m_packed;
  std::vector<uint8_t> m_x, m_y;
  std::vector<int32_t> m_bias, m_acc, m_rowOffsets;
  std::vector<float> m_multipliers;
  Requantization m_requantization;
  int64_t m_tile = 0;
  std::vector<std::vector<uint8_t>> m_panels;
  ConvF32Params m_f32;
  std::vector<float> m_xF32, m_wF32, m_biasF32, m_yF32;
};

void int8Conv(benchmark::State& state, const Layer& l, int weightLimit) {
  LayerRun run(l, weightLimit);
  for (auto _ : state) run.int8();
  setOps(state, run.ops());
  state.counters["splitPairs%"] = 100.0 * run.splitPairFraction();
}

void int8GemmPanel(benchmark::State& state, const Layer& l) {
  if (!cpuSupportsAvx2()) return state.SkipWithError("no AVX2 on this CPU");
  LayerRun run(l, 127);
  run.packPanels();
  for (auto _ : state) run.kernel();
  setOps(state, run.ops());
}

void fp32Conv(benchmark::State& state, const Layer& l) {
  LayerRun run(l, 127);
  for (auto _ : state) run.fp32();
  setOps(state, run.ops());
}

double threadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// int8, fp32 and the peak loop taking turns within each iteration, so that the time ratios see the
// same machine: on a shared machine (or with a busy hyperthread sibling) the speed of all three
// drifts together, and separately measured rates would mix different moments.
void sideBySide(benchmark::State& state, const Layer& l) {
  if (!cpuSupportsAvx2()) return state.SkipWithError("no AVX2 on this CPU");
  LayerRun run(l, 127);
  // A peak run about as long as the int8 layer at ~70 % of a 160 GOPS peak.
  const auto peakIterations = static_cast<int64_t>(run.ops() / kPeakOpsPerIteration / 1.5) + 1;
  double int8Seconds = 0, fp32Seconds = 0, peakSeconds = 0;
  for (auto _ : state) {
    double t = threadSeconds();
    run.int8();
    const double afterInt8 = threadSeconds();
    run.fp32();
    const double afterFp32 = threadSeconds();
    peakLoop(peakIterations);
    const double afterPeak = threadSeconds();
    int8Seconds += afterInt8 - t;
    fp32Seconds += afterFp32 - afterInt8;
    peakSeconds += afterPeak - afterFp32;
  }
  const auto n = static_cast<double>(state.iterations());
  const double int8Gops = run.ops() * n / int8Seconds * 1e-9;
  const double peakGops = kPeakOpsPerIteration * static_cast<double>(peakIterations) * n / peakSeconds * 1e-9;
  state.counters["int8GOPS"] = int8Gops;
  state.counters["fp32GOPS"] = run.ops() * n / fp32Seconds * 1e-9;
  state.counters["peakGOPS"] = peakGops;
  state.counters["peak%"] = 100.0 * int8Gops / peakGops;
  state.counters["int8/fp32"] = int8Seconds / fp32Seconds;
}

// --- The table at the end: fastest repetition of each benchmark ---

class SummaryReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      const std::string name = run.benchmark_name().substr(0, run.benchmark_name().find("/repeats"));
      for (const auto& [counter, value] : run.counters) m_values[name + "#" + counter].push_back(value);
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void printSummary() const {
    std::printf("\nint8 peak (vpmaddubsw+vpmaddwd loop): %.1f GOPS; fp32 FMA peak: %.1f GFLOPS\n",
                best("int8Peak", "GOPS"), best("fp32Peak", "GOPS"));
    std::printf("\nIsolated runs, best repetition (GOPS = 2·multiply-adds per second of CPU time):\n");
    std::printf("%-22s %9s %9s %9s %7s %9s\n", "layer", "int8", "int8 7bit", "kernel", "split%", "fp32");
    for (const Layer& l : kLayers) {
      const std::string n = l.name;
      std::printf("%-22s %9s %9s %9s %7s %9s\n", l.name, cell(best("int8Conv/" + n, "GOPS"), "%.1f").c_str(),
                  cell(best("int8Conv7bit/" + n, "GOPS"), "%.1f").c_str(),
                  cell(best("int8GemmPanel/" + n, "GOPS"), "%.1f").c_str(),
                  cell(l.groups == 1 ? best("int8Conv/" + n, "splitPairs%") : 0.0, "%.2f").c_str(),
                  cell(best("fp32Conv/" + n, "GOPS"), "%.1f").c_str());
    }
    std::printf("\nSide by side (int8, fp32 and the peak loop in turns), median of repetitions:\n");
    std::printf("%-22s %9s %9s %9s %8s %10s\n", "layer", "int8", "fp32", "peak", "%peak", "int8/fp32");
    for (const Layer& l : kLayers) {
      const std::string n = std::string("sideBySide/") + l.name;
      std::printf("%-22s %9.1f %9.1f %9.1f %7.1f%% %10.2f\n", l.name, median(n, "int8GOPS"), median(n, "fp32GOPS"),
                  median(n, "peakGOPS"), median(n, "peak%"), median(n, "int8/fp32"));
    }
    std::printf("int8 = convU8S8ToU8 (per-channel requantization included), full-range per-channel weights;\n"
                "7bit = weights in [−64, 64]; kernel = the GEMM micro-kernel alone on pre-packed tiles; split%% =\n"
                "weight pairs split for vpmaddubsw; fp32 = convF32 (bias included); int8/fp32 = int8 / fp32 time.\n");
  }

private:
  // A table cell: the value, or "-" for a benchmark that does not apply.
  static std::string cell(double v, const char* format) {
    char text[32] = "-";
    if (v > 0) std::snprintf(text, sizeof text, format, v);
    return text;
  }

  const std::vector<double>* values(const std::string& name, const std::string& counter) const {
    const auto it = m_values.find(name + "#" + counter);
    return it == m_values.end() ? nullptr : &it->second;
  }
  double best(const std::string& name, const std::string& counter) const {
    const std::vector<double>* v = values(name, counter);
    return v ? *std::max_element(v->begin(), v->end()) : 0.0;
  }
  double median(const std::string& name, const std::string& counter) const {
    const std::vector<double>* v = values(name, counter);
    if (!v) return 0.0;
    std::vector<double> sorted = *v;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
  }

  std::map<std::string, std::vector<double>> m_values;
};

void registerBenchmarks() {
  benchmark::RegisterBenchmark("int8Peak", int8Peak)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("fp32Peak", fp32Peak)->Unit(benchmark::kMillisecond);
  for (const Layer& l : kLayers) {
    const std::string n = l.name;
    benchmark::RegisterBenchmark(("int8Conv/" + n).c_str(), int8Conv, l, 127)->Unit(benchmark::kMicrosecond);
    if (l.groups == 1) {
      benchmark::RegisterBenchmark(("int8Conv7bit/" + n).c_str(), int8Conv, l, 64)->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark(("int8GemmPanel/" + n).c_str(), int8GemmPanel, l)->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark(("fp32Conv/" + n).c_str(), fp32Conv, l)->Unit(benchmark::kMicrosecond);
  }
  for (const Layer& l : kLayers)
    benchmark::RegisterBenchmark((std::string("sideBySide/") + l.name).c_str(), sideBySide, l)
        ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  Eigen::setNbThreads(1);
  benchmark::Initialize(&argc, argv);
  registerBenchmarks();
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.printSummary();
  benchmark::Shutdown();
  return 0;
}
