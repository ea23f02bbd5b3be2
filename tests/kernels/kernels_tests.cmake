# Tests of the compute kernels (included by tests/CMakeLists.txt): raw buffers, no engine types.
quantlens_add_test(kernels_test
  SOURCES
    kernels/conv_f32_test.cpp
    kernels/im2col_f32_test.cpp
    kernels/pooling_test.cpp
  LIBS quantlens::kernels)
