# Tests of the compute kernels (included by tests/CMakeLists.txt): raw buffers, no engine types.
quantlens_add_test(kernels_test
  SOURCES
    kernels/conv_f32_test.cpp
    kernels/im2col_f32_test.cpp
    kernels/pooling_test.cpp
  LIBS quantlens::kernels)

# The int8 kernels: references checked by hand, AVX2 kernels bit-exact against the references.
quantlens_add_test(kernels_int8_test
  SOURCES
    kernels/conv_s8_test.cpp
    kernels/cpu_features_test.cpp
    kernels/gemm_s8_test.cpp
    kernels/pooling_u8_test.cpp
    kernels/quantized_add_test.cpp
    kernels/requantize_test.cpp
  LIBS quantlens::kernels)

quantlens_add_test(kernels_thread_pool_test
  SOURCES kernels/thread_pool_test.cpp
  LIBS quantlens::kernels)
