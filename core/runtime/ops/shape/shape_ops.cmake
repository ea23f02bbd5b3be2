# Sources of the shape operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/shape/register_shape_ops.cpp
)
