// Max and average pooling over 1-D, 2-D and 3-D windows of contiguous image planes.
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// output[p][o] = max of input[p] over the in-image taps of window o, for `planes` planes of
// g.inputPlane() elements; padding never wins (it is not a value, unlike a zero). The first
// maximum in row-major tap order wins ties. When `indices` is given it receives the ONNX
// MaxPool index of each winner: p·g.inputPlane() + its position in the plane, row-major over
// (D, H, W) or, when columnMajor, column-major (d + h·D + w·D·H). A window with no in-image tap
// yields the type's lowest value and index −1. Without `indices`, windows wholly inside the image
// take the AVX2 path of kernels/pooling_max_interior.h, with the same results bit for bit.
void maxPoolF32(const float* input, int64_t planes, const WindowGeometry& g, float* output,
                int64_t* indices = nullptr, bool columnMajor = false);
void maxPoolU8(const uint8_t* input, int64_t planes, const WindowGeometry& g, uint8_t* output,
               int64_t* indices = nullptr, bool columnMajor = false);
void maxPoolS8(const int8_t* input, int64_t planes, const WindowGeometry& g, int8_t* output,
               int64_t* indices = nullptr, bool columnMajor = false);

// output[p][o] = (Σ in-image taps of window o) / count, where count is the number of taps inside
// the padded image [−padBegin, input + padEnd) when countIncludePad, else the in-image taps
// (a window with none yields NaN: the mean of nothing). Taps beyond padEnd, which ceil_mode can
// add, are never counted.
void averagePoolF32(const float* input, int64_t planes, const WindowGeometry& g, bool countIncludePad,
                    float* output);

}  // namespace quantlens::kernels
