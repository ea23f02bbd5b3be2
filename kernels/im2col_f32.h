// Unfolding image patches into GEMM columns (im2col) and folding them back (col2im) for float convolution.
#pragma once

#include <cstdint>

#include "kernels/window_geometry.h"

namespace quantlens::kernels {

// Writes the patch matrix of `channels` images (each g.inputPlane() floats, back to back) for the
// window positions [firstColumn, firstColumn + columnCount) in (od, oh, ow) order:
//   columns[r][j] = image[c][od·sD − pD + kd·dD][oh·sH − pH + kh·dH][ow·sW − pW + kw·dW]
// with row r = ((c·kD + kd)·kH + kh)·kW + kw, and 0 for cells outside the image (padding).
// `columns` is (channels · g.kernelVolume()) × columnCount, row-major.
void im2colF32(const float* image, int64_t channels, const WindowGeometry& g, int64_t firstColumn,
               int64_t columnCount, float* columns);

// The adjoint of im2colF32: adds every column entry to the image cell it was read from, dropping
// entries that fall in the padding. Used by ConvTranspose (the gradient of a convolution).
void col2imAddF32(const float* columns, int64_t channels, const WindowGeometry& g, int64_t firstColumn,
                  int64_t columnCount, float* image);

}  // namespace quantlens::kernels
