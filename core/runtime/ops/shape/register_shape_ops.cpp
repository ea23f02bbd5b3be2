// Registers the shape operators.
#include "core/runtime/op_registry.h"
#include "core/runtime/ops/builtin_ops.h"
#include "core/runtime/ops/shape/shape_kernels.h"

namespace quantlens {

void registerShapeOps(OpRegistry& registry) {
  registry.add("Flatten", flattenKernel);
  registry.add("Reshape", reshapeKernel);
  registry.add("Squeeze", squeezeKernel);
  registry.add("Unsqueeze", unsqueezeKernel);
  registry.add("Identity", identityKernel);
  registry.add("Dropout", dropoutKernel);
  registry.add("Shape", shapeKernel);
  registry.add("Size", sizeKernel);
  registry.add("Constant", constantKernel);
  registry.add("ConstantOfShape", constantOfShapeKernel);
  registry.add("Range", rangeKernel);
  registry.add("Transpose", transposeKernel);
  registry.add("Slice", sliceKernel);
  registry.add("Gather", gatherKernel);
  registry.add("Concat", concatKernel);
  registry.add("Split", splitKernel);
  registry.add("Expand", expandKernel);
  registry.add("Tile", tileKernel);
  registry.add("Pad", padKernel);
  registry.add("Resize", resizeKernel);
  registry.add("ReduceMean", reduceMeanKernel);
  registry.add("ReduceSum", reduceSumKernel);
  registry.add("ReduceMax", reduceMaxKernel);
  registry.add("ReduceMin", reduceMinKernel);
}

}  // namespace quantlens
