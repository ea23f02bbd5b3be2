# Sources of the nn operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/nn/register_nn_ops.cpp
)
