# Tests of the nn operators (included by tests/CMakeLists.txt).
quantlens_add_test(nn_ops_test
  SOURCES
    core/runtime/ops/nn/conv_op_test.cpp
    core/runtime/ops/nn/conv_transpose_op_test.cpp
    core/runtime/ops/nn/gemm_op_test.cpp
    core/runtime/ops/nn/mat_mul_op_test.cpp
    core/runtime/ops/nn/normalization_ops_test.cpp
    core/runtime/ops/nn/pooling_ops_test.cpp
  LIBS quantlens::core)
