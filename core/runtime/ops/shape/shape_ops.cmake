# Sources of the shape operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/shape/concat_split.cpp
  runtime/ops/shape/constant_ops.cpp
  runtime/ops/shape/expand_tile.cpp
  runtime/ops/shape/gather.cpp
  runtime/ops/shape/pad.cpp
  runtime/ops/shape/reduce.cpp
  runtime/ops/shape/register_shape_ops.cpp
  runtime/ops/shape/reshape_ops.cpp
  runtime/ops/shape/resize.cpp
  runtime/ops/shape/shape_info_ops.cpp
  runtime/ops/shape/shape_op_utils.cpp
  runtime/ops/shape/slice.cpp
  runtime/ops/shape/transpose.cpp
)
