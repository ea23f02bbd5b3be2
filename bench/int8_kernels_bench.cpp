// Int8 kernels against fp32 on ResNet-18 3×3 and MobileNetV2 depthwise layers, and this machine's int8 peak.
//
// One thread. In the same binary: a tight vpmaddubsw + vpmaddwd + vpaddd loop gives the peak int8
// rate (2 ops per multiply-add, as for the layers); the int8 kernels report GOPS and, in the table
// printed at the end (fastest repetition of each benchmark), their fraction of that peak and the
// int8 / fp32 time ratio per layer. Run: build/bench/int8_kernels_bench [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
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

// ResNet-18's 3×3 convolutions (stride 1, pad 1) of each stage and MobileNetV2 depthwise 3×3 layers.
const Layer kLayers[] = {
    {"resnet18_56x56x64", 64, 64, 56, 3, 1, 1},      {"resnet18_28x28x128", 128, 128, 28, 3, 1, 1},
    {"resnet18_14x14x256", 256, 256, 14, 3, 1, 1},   {"resnet18_7x7x512", 512, 512, 7, 3, 1, 1},
    {"mnv2_dw_112x112x32", 32, 32, 112, 3, 1, 32},   {"mnv2_dw_112x112x96_s2", 96, 96, 112, 3, 2, 96},
    {"mnv2_dw_56x56x144", 144, 144, 56, 3, 1, 144}, {"mnv2_dw_14x14x576", 576, 576, 14, 3, 1, 576},
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

ConvS8Params convParams(const Layer& l) {
  ConvS8Params p;
  p.inputChannels = l.channels;
  p.outputChannels = l.outputChannels;
  p.groups = l.groups;
  p.geometry = geometry(l);
  p.inputZeroPoint = 3;
  return p;
}

// QLinearConv: int8 convolution to int32, then per-channel requantization to uint8 with ReLU.
void int8Conv(benchmark::State& state, const Layer& l, int weightLimit) {
  const ConvS8Params p = convParams(l);
  const WindowGeometry& g = p.geometry;
  const int64_t depth = l.channels / l.groups * g.kernelVolume();
  const std::vector<int8_t> w = realisticWeights(l.outputChannels, depth, weightLimit, 1);
  const PackedWeightsS8 packed(w.data(), l.outputChannels, depth, 0, l.groups);
  const std::vector<uint8_t> x = randomActivations(l.channels * g.inputPlane(), 2);
  const std::vector<int32_t> bias(static_cast<size_t>(l.outputChannels), 100);
  const std::vector<float> multipliers(static_cast<size_t>(l.outputChannels), 0.001f);
  Requantization r;
  r.multipliers = multipliers.data();
  r.perChannel = true;
  r.zeroPoint = 5;
  r.outputMin = 5;
  std::vector<int32_t> acc(static_cast<size_t>(l.outputChannels * g.outputPlane()));
  std::vector<uint8_t> y(acc.size());
  for (auto _ : state) {
    convU8S8(p, x.data(), packed, bias.data(), acc.data());
    requantizeToU8(acc.data(), l.outputChannels, g.outputPlane(), r, y.data());
    benchmark::DoNotOptimize(y.data());
  }
  setOps(state, layerOps(l));
  state.counters["splitPairs%"] = 100.0 * packed.splitPairFraction();
}

// The micro-kernel alone: the layer's patch matrix packed once, tile by tile as convU8S8 tiles it,
// then only gemmPanelAvx2 over the tiles.
void int8GemmPanel(benchmark::State& state, const Layer& l) {
  if (!cpuSupportsAvx2()) return state.SkipWithError("no AVX2 on this CPU");
  const WindowGeometry g = geometry(l);
  const int64_t depth = l.channels * g.kernelVolume(), columns = g.outputPlane();
  const std::vector<int8_t> w = realisticWeights(l.outputChannels, depth, 127, 1);
  const PackedWeightsS8 packed(w.data(), l.outputChannels, depth, 0);
  const std::vector<uint8_t> x = randomActivations(l.channels * g.inputPlane(), 2);
  Im2colU8 im2col(g, l.channels);
  std::vector<uint8_t> padded(static_cast<size_t>(im2col.paddedSize()));
  im2col.pad(x.data(), 3, padded.data());
  const int64_t quads = packed.depthQuads(), blockStride = quads * kBlockQuadBytes;
  const int64_t tile = gemmS8TileColumns(quads, columns);
  std::vector<std::vector<uint8_t>> panels;
  std::vector<uint8_t> rows(static_cast<size_t>(kDepthQuad * tile));
  for (int64_t first = 0; first < columns; first += tile) {
    const int64_t count = std::min(tile, columns - first);
    im2col.selectColumns(first, count);
    std::vector<uint8_t>& panel = panels.emplace_back(static_cast<size_t>(tile / kColumnBlock * blockStride));
    for (int64_t q = 0; q < quads; ++q) {
      const uint8_t* quadRows[kDepthQuad];
      for (int64_t i = 0; i < kDepthQuad; ++i) {
        const int64_t k = q * kDepthQuad + i;
        quadRows[i] = nullptr;
        if (k >= depth) continue;
        im2col.row(padded.data(), k, rows.data() + i * tile);
        quadRows[i] = rows.data() + i * tile;
      }
      packActivationQuadAvx2(quadRows, count, false, panel.data() + q * kBlockQuadBytes, blockStride, nullptr);
    }
  }
  const std::vector<int32_t> rowOffsets(static_cast<size_t>(l.outputChannels), 0);
  std::vector<int32_t> y(static_cast<size_t>(l.outputChannels * columns));
  for (auto _ : state) {
    for (size_t t = 0; t < panels.size(); ++t) {
      const int64_t first = static_cast<int64_t>(t) * tile;
      gemmPanelAvx2(packed, 0, panels[t].data(), blockStride, std::min(tile, columns - first), rowOffsets.data(),
                    nullptr, y.data() + first, columns);
    }
    benchmark::DoNotOptimize(y.data());
  }
  setOps(state, layerOps(l));
}

// The existing fp32 convolution (Eigen GEMM / direct depthwise) on the same layer, bias included.
void fp32Conv(benchmark::State& state, const Layer& l) {
  ConvF32Params p;
  p.inputChannels = l.channels;
  p.outputChannels = l.outputChannels;
  p.groups = l.groups;
  p.geometry = geometry(l);
  const WindowGeometry& g = p.geometry;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> x(static_cast<size_t>(l.channels * g.inputPlane()));
  std::vector<float> w(static_cast<size_t>(l.outputChannels * (l.channels / l.groups) * g.kernelVolume()));
  std::vector<float> bias(static_cast<size_t>(l.outputChannels));
  for (float& v : x) v = dist(rng);
  for (float& v : w) v = dist(rng);
  for (float& v : bias) v = dist(rng);
  std::vector<float> y(static_cast<size_t>(l.outputChannels * g.outputPlane()));
  for (auto _ : state) {
    convF32(p, x.data(), w.data(), bias.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  setOps(state, layerOps(l));
}

// --- The table at the end: fastest repetition of each benchmark ---

class SummaryReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      const std::string name = run.benchmark_name().substr(0, run.benchmark_name().find("/repeats"));
      for (const auto& [counter, value] : run.counters) {
        double& best = m_best[name + "#" + counter];
        best = std::max(best, static_cast<double>(value));
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void printSummary() const {
    const double peak = find("int8Peak", "GOPS"), fmaPeak = find("fp32Peak", "GOPS");
    std::printf("\nint8 peak (vpmaddubsw+vpmaddwd loop): %.1f GOPS; fp32 FMA peak: %.1f GFLOPS (ratio %.2f)\n", peak,
                fmaPeak, fmaPeak > 0 ? peak / fmaPeak : 0.0);
    std::printf("%-22s %9s %7s %9s %9s %7s %7s %9s %7s %9s\n", "layer", "int8 GOPS", "%peak", "7bit GOPS",
                "kernel", "%peak", "split%", "fp32 GFLO", "%fpeak", "int8/fp32");
    // A table cell: the value, or "-" for a benchmark that does not apply.
    auto cell = [](double v, const char* format) {
      char text[32] = "-";
      if (v > 0) std::snprintf(text, sizeof text, format, v);
      return std::string(text);
    };
    for (const Layer& l : kLayers) {
      const std::string n = l.name;
      const double int8 = find("int8Conv/" + n, "GOPS"), int8Seven = find("int8Conv7bit/" + n, "GOPS");
      const double kernel = find("int8GemmPanel/" + n, "GOPS"), fp32 = find("fp32Conv/" + n, "GOPS");
      const double split = l.groups == 1 ? find("int8Conv/" + n, "splitPairs%") : 0.0;
      std::printf("%-22s %9.1f %6.1f%% %9s %9s %7s %7s %9.1f %6.1f%% %9.2f\n", l.name, int8,
                  peak > 0 ? 100.0 * int8 / peak : 0.0, cell(int8Seven, "%.1f").c_str(), cell(kernel, "%.1f").c_str(),
                  cell(peak > 0 ? 100.0 * kernel / peak : 0.0, "%.1f%%").c_str(), cell(split, "%.2f").c_str(), fp32,
                  fmaPeak > 0 ? 100.0 * fp32 / fmaPeak : 0.0, int8 > 0 ? fp32 / int8 : 0.0);
    }
    std::printf("GOPS = 2·multiply-adds per second of CPU time, best repetition. int8 = convU8S8 + per-channel\n"
                "requantization with full-range per-channel weights; 7bit = the same with weights in [−64, 64];\n"
                "kernel = the GEMM micro-kernel alone on a pre-packed patch matrix; split%% = weight pairs split\n"
                "for vpmaddubsw; int8/fp32 = int8 time / fp32 time (convF32, bias included).\n");
  }

private:
  double find(const std::string& name, const std::string& counter) const {
    const auto it = m_best.find(name + "#" + counter);
    return it == m_best.end() ? 0.0 : it->second;
  }
  std::map<std::string, double> m_best;
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
