// Cutting a weight into cache-sized slices along axis 0 that remain valid tensors for their
// granularity, so observing, fake-quantizing and comparing can run slice by slice in one pass.
#pragma once

#include <cstdint>
#include <vector>

#include "core/quant/qparams.h"
#include "core/quant/quant_layout.h"

namespace quantlens {

// About 64 KB of float32 per slice: input and output of a slice stay in L2 between steps.
inline constexpr int64_t kWeightSliceElements = 16384;

struct WeightSlice {
  int64_t offset = 0;  // first element
  int64_t count = 0;   // elements
  Shape shape;         // the slice as a tensor of its own: rows [r0, r1) of axis 0, or flat per-tensor
  // The slice's qparams are slots [firstSlot, firstSlot + slotCount) of the whole layout.
  int64_t firstSlot = 0;
  int64_t slotCount = 0;
};

// Whether each slice has slots of its own (per-channel on axis 0, per-group), so that it can be
// observed and given qparams alone. Otherwise (per-tensor, per-channel on a later axis) every slice
// uses all slots and the ranges need the whole tensor first.
bool slicesOwnTheirSlots(const QuantLayout& layout);

// Slices of `layout`'s tensor (whose shape it was built from) in element order, covering it exactly:
// per-tensor flat runs of about `targetElements`; otherwise whole rows of axis 0, as many as fit in
// `targetElements` (at least one), in whole groups when groups run along axis 0.
std::vector<WeightSlice> sliceWeight(const Shape& shape, const QuantLayout& layout,
                                     int64_t targetElements = kWeightSliceElements);

// The qparams of slots [first, first + count) as those of a tensor of their own.
QParams sliceQParams(const QParams& qparams, int64_t first, int64_t count);

}  // namespace quantlens
