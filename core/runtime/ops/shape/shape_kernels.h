// The kernels of the shape and data-movement operators, each in the newest ONNX form (older
// forms are rewritten by normalizeOpsets() before they reach a kernel).
#pragma once

#include "core/runtime/op_context.h"

namespace quantlens {

// reshape_ops.cpp: operators that only relabel the shape (or copy the input as it is).
void flattenKernel(OpContext& context);
void reshapeKernel(OpContext& context);
void squeezeKernel(OpContext& context);
void unsqueezeKernel(OpContext& context);
void identityKernel(OpContext& context);
void dropoutKernel(OpContext& context);

// shape_info_ops.cpp: operators that describe their input.
void shapeKernel(OpContext& context);
void sizeKernel(OpContext& context);

// constant_ops.cpp: operators that make a tensor from attributes or scalars.
void constantKernel(OpContext& context);
void constantOfShapeKernel(OpContext& context);
void rangeKernel(OpContext& context);

// transpose.cpp, slice.cpp, gather.cpp
void transposeKernel(OpContext& context);
void sliceKernel(OpContext& context);
void gatherKernel(OpContext& context);

// concat_split.cpp
void concatKernel(OpContext& context);
void splitKernel(OpContext& context);

// expand_tile.cpp
void expandKernel(OpContext& context);
void tileKernel(OpContext& context);

// pad.cpp, resize.cpp
void padKernel(OpContext& context);
void resizeKernel(OpContext& context);

// reduce.cpp
void reduceMeanKernel(OpContext& context);
void reduceSumKernel(OpContext& context);
void reduceMaxKernel(OpContext& context);
void reduceMinKernel(OpContext& context);

}  // namespace quantlens
