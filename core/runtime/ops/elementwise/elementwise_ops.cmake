# Sources of the elementwise operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/elementwise/register_elementwise_ops.cpp
)
