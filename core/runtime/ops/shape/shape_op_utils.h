// Helpers the shape operators share: reading shape-like integer inputs, resolving axes, and
// copying elements by strides without caring about their type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/runtime/op_context.h"

namespace quantlens {

// Input `index` (a shape, axes, pads, repeats...) as int64 values. It must hold an integer type
// and be 1-D or a scalar; `role` names it in the error ("shape", "axes").
std::vector<int64_t> readIntegerList(const OpContext& context, size_t index, const std::string& role);

// One element of a scalar or one-element input as double (Range's bounds, Dropout's ratio).
double readScalar(const OpContext& context, size_t index, const std::string& role);

// `axis` resolved against `rank` (negative counts from the back); an Error naming the role, the
// value and the valid range when it is outside [-rank, rank - 1].
int64_t resolveAxis(const OpContext& context, int64_t axis, int64_t rank, const std::string& role = "axis");

// Each axis resolved as above; an Error when one is repeated.
std::vector<int64_t> resolveAxes(const OpContext& context, const std::vector<int64_t>& axes, int64_t rank,
                                 const std::string& role = "axes");

// Older opsets passed some inputs as attributes; normalizeOpsets() moves them. A node that still
// carries one was not normalized, and reading it as the newest form would be silently wrong.
void rejectLegacyAttribute(const OpContext& context, const std::string& name, int64_t inputSinceOpset);

// "[1, 2, 3]" for any integer list (shapes, axes, pads) in messages.
std::string listToString(const std::vector<int64_t>& values);

// Fills `dst` (already shaped) with src[offset + Σ index[d]·strides[d]] for every index of dst's
// shape. Strides are in elements and may be 0 (broadcast) or negative (reversed slices); the
// element bytes are copied as they are, so any type works.
void copyStrided(const Tensor& src, int64_t offset, const std::vector<int64_t>& strides, Tensor& dst);

// A copy of `src` with a new shape of the same element count.
Tensor reshaped(const Tensor& src, Shape shape);

}  // namespace quantlens
