// Int8 convolution driver: depthwise planes, or per group stride-phase patch rows fed to the tiled AVX2 GEMM.
#include "kernels/conv_s8.h"

#include <cassert>
#include <memory>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/depthwise_conv_s8.h"
#include "kernels/gemm_s8_tiles.h"
#include "kernels/im2col_phases_u8.h"

namespace quantlens::kernels {
namespace {

// The phase layout of a geometry this thread has run, with its planes buffer: building the layout
// costs as much as a small layer's patch rows, and the buffer's padding cells, once written, stay
// valid for every later image with the same zero point. A model runs the same few geometries again
// and again.
struct CachedPhases {
  WindowGeometry geometry;
  int64_t channels = 0;
  std::unique_ptr<Im2colPhasesU8> phases;
  std::vector<uint8_t> planes;
  int padValue = -1;  // what the padding cells of `planes` hold, −1 before the first fill
};

// Per-thread buffers kept across calls: the phase layouts, the GEMM's int32 rows (of virtual
// columns, or of positions when those are dense) and their requantized bytes.
struct ConvScratch {
  std::vector<CachedPhases> phaseCache;
  int64_t planeBytes = 0;  // of all cached planes
  std::vector<int32_t> rows;
  std::vector<uint8_t> bytes;
};
ConvScratch& convScratch() {
  thread_local ConvScratch scratch;
  return scratch;
}

bool sameGeometry(const WindowGeometry& a, const WindowGeometry& b) {
  return a.input == b.input && a.output == b.output && a.kernel == b.kernel && a.stride == b.stride &&
         a.dilation == b.dilation && a.padBegin == b.padBegin && a.padEnd == b.padEnd;
}

CachedPhases& phasesFor(ConvScratch& s, const WindowGeometry& g, int64_t channels) {
  for (auto& cached : s.phaseCache)
    if (cached.channels == channels && sameGeometry(cached.geometry, g)) return cached;
  auto phases = std::make_unique<Im2colPhasesU8>(g, channels, kColumnBlock);
  const int64_t bytes = phases->readsImageInPlace() ? 0 : phases->size();
  // At most 64 layouts (a ResNet-50 has about 20 geometries) and 32 MB of planes per thread (a
  // ResNet-18 at 224² needs some 2 MB): the oldest go first.
  constexpr size_t kMaxLayouts = 64;
  constexpr int64_t kMaxPlaneBytes = int64_t{32} << 20;
  while (!s.phaseCache.empty() &&
         (s.phaseCache.size() >= kMaxLayouts || s.planeBytes + bytes > kMaxPlaneBytes)) {
    s.planeBytes -= static_cast<int64_t>(s.phaseCache.front().planes.size());
    s.phaseCache.erase(s.phaseCache.begin());
  }
  CachedPhases& added = s.phaseCache.emplace_back();
  added.geometry = g;
  added.channels = channels;
  added.phases = std::move(phases);
  added.planes.resize(static_cast<size_t>(bytes));
  s.planeBytes += bytes;
  return added;
}

// Σ over one group's patch matrix for every image and group: emit(n, group, rows, ld, phases) then
// receives the group's int32 results, filtersPerGroup rows of phases.columns() values (leading
// dimension ld) in the virtual-column layout of kernels/im2col_phases_u8.h. With `direct`, the GEMM
// writes a dense layout straight into direct(n, group) (leading dimension outputPlane) instead.
template <class Direct, class Emit>
void convGemmAvx2(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
                  Direct&& direct, Emit&& emit) {
  const WindowGeometry& g = p.geometry;
  const int64_t channelsPerGroup = p.inputChannels / p.groups, filtersPerGroup = p.outputChannels / p.groups;
  ConvScratch& s = convScratch();
  // Patch rows read in place from stride-phase planes: no copy per row, at the price of the junk
  // columns between output rows, which the GEMM computes and emit drops.
  CachedPhases& cached = phasesFor(s, g, channelsPerGroup);
  const Im2colPhasesU8& phases = *cached.phases;
  const bool inPlace = phases.readsImageInPlace();
  const int64_t columns = phases.columns();
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t group = 0; group < p.groups; ++group) {
      const uint8_t* image = input + (n * p.inputChannels + group * channelsPerGroup) * g.inputPlane();
      if (!inPlace) {
        phases.fill(image, static_cast<uint8_t>(p.inputZeroPoint), cached.planes.data(),
                    cached.padValue == p.inputZeroPoint);
        cached.padValue = p.inputZeroPoint;
      }
      const uint8_t* source = inPlace ? image : cached.planes.data();
      auto fetchRow = [&](int64_t k, int64_t first, int64_t, uint8_t*) -> const uint8_t* {
        return source + phases.rowOffset(k) + first;
      };
      int32_t* out = phases.dense() ? direct(n, group) : nullptr;
      int64_t ld = g.outputPlane();
      if (!out) {
        s.rows.resize(static_cast<size_t>(filtersPerGroup * columns));
        out = s.rows.data();
        ld = columns;
      }
      gemmS8Tiled(weights, group, columns, p.inputZeroPoint, false, bias ? bias + group * filtersPerGroup : nullptr,
                  fetchRow, out, ld);
      emit(n, group, static_cast<const int32_t*>(out), ld, phases);
    }
}

// Whether the plane kernel runs p: one input channel per group and fewer filters than the GEMM's row
// tile (a depthwise layer). A single-channel stem with many filters is a GEMM of depth kernelVolume.
bool runsDepthwise(const ConvS8Params& p) {
  return p.inputChannels == p.groups && p.outputChannels / p.groups < kRowTile;
}

void depthwiseImages(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
                     int32_t* output) {
  const WindowGeometry& g = p.geometry;
  const int64_t filtersPerGroup = p.outputChannels / p.groups;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t m = 0; m < p.outputChannels; ++m)
      depthwiseConvU8S8(input + (n * p.inputChannels + m / filtersPerGroup) * g.inputPlane(), p.inputZeroPoint, g,
                        weights.row(m), weights.zeroPoint(), bias ? bias[m] : 0,
                        output + (n * p.outputChannels + m) * g.outputPlane());
}

void checkParams(const ConvS8Params& p, const PackedWeightsS8& weights) {
  // The operator packed these weights for this node: a mismatch is a bug, not a user error.
  assert(p.groups > 0 && p.inputChannels % p.groups == 0 && p.outputChannels % p.groups == 0);
  assert(weights.rows() == p.outputChannels && weights.groups() == p.groups &&
         weights.depth() == p.inputChannels / p.groups * p.geometry.kernelVolume());
  (void)p;
  (void)weights;
}

}  // namespace

void convU8S8(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
              int32_t* output) {
  checkParams(p, weights);
  const int64_t outPlane = p.geometry.outputPlane(), filtersPerGroup = p.outputChannels / p.groups;
  if (p.batch == 0 || p.outputChannels == 0 || outPlane == 0) return;
  if (runsDepthwise(p)) return depthwiseImages(p, input, weights, bias, output);
  if (activeKernelIsa() != KernelIsa::Avx2)
    return convU8S8Reference(p, input, weights.row(0), weights.zeroPoint(), bias, output);
  auto groupOutput = [&](int64_t n, int64_t group) {
    return output + (n * p.outputChannels + group * filtersPerGroup) * outPlane;
  };
  convGemmAvx2(p, input, weights, bias, groupOutput,
               [&](int64_t n, int64_t group, const int32_t* rows, int64_t ld, const Im2colPhasesU8& phases) {
                 if (!phases.dense()) phases.compactRows(rows, filtersPerGroup, ld, groupOutput(n, group));
               });
}

void convU8S8ToU8(const ConvS8Params& p, const uint8_t* input, const PackedWeightsS8& weights, const int32_t* bias,
                  const Requantization& r, uint8_t* output) {
  checkParams(p, weights);
  const int64_t outPlane = p.geometry.outputPlane(), filtersPerGroup = p.outputChannels / p.groups;
  if (p.batch == 0 || p.outputChannels == 0 || outPlane == 0) return;
  ConvScratch& s = convScratch();
  if (runsDepthwise(p) || activeKernelIsa() != KernelIsa::Avx2) {
    s.rows.resize(static_cast<size_t>(p.batch * p.outputChannels * outPlane));
    convU8S8(p, input, weights, bias, s.rows.data());
    for (int64_t n = 0; n < p.batch; ++n)
      requantizeToU8(s.rows.data() + n * p.outputChannels * outPlane, p.outputChannels, outPlane, r,
                     output + n * p.outputChannels * outPlane);
    return;
  }
  // Requantized straight from the GEMM's rows into the output, one run per output row, skipping the
  // junk columns; a 3-D output (junk rows between depth slices too) is requantized whole, then
  // compacted as bytes.
  const WindowGeometry& g = p.geometry;
  convGemmAvx2(p, input, weights, bias, [](int64_t, int64_t) -> int32_t* { return nullptr; },
               [&](int64_t n, int64_t group, const int32_t* rows, int64_t ld, const Im2colPhasesU8& phases) {
                 Requantization groupR = r;
                 if (r.perChannel) groupR.multipliers += group * filtersPerGroup;
                 uint8_t* out = output + (n * p.outputChannels + group * filtersPerGroup) * outPlane;
                 if (phases.dense()) return requantizeToU8(rows, filtersPerGroup, outPlane, groupR, out);
                 if (g.output[0] == 1)
                   return requantizeRunsToU8(rows, filtersPerGroup, ld, g.output[1], phases.rowPitch(), g.output[2],
                                             groupR, out);
                 s.bytes.resize(static_cast<size_t>(filtersPerGroup * ld));
                 requantizeToU8(rows, filtersPerGroup, ld, groupR, s.bytes.data());
                 phases.compactRows(s.bytes.data(), filtersPerGroup, ld, out);
               });
}

}  // namespace quantlens::kernels
