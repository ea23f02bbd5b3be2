# Sources of the nn operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/nn/conv_op.cpp
  runtime/ops/nn/conv_transpose_op.cpp
  runtime/ops/nn/gemm_op.cpp
  runtime/ops/nn/mat_mul_op.cpp
  runtime/ops/nn/normalization_ops.cpp
  runtime/ops/nn/op_checks.cpp
  runtime/ops/nn/pooling_ops.cpp
  runtime/ops/nn/register_nn_ops.cpp
  runtime/ops/nn/window_attributes.cpp
)
