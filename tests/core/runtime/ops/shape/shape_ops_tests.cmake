# Tests of the shape operators (included by tests/CMakeLists.txt).
quantlens_add_test(shape_ops_test
  SOURCES
    core/runtime/ops/shape/concat_split_test.cpp
    core/runtime/ops/shape/constant_ops_test.cpp
    core/runtime/ops/shape/expand_tile_test.cpp
    core/runtime/ops/shape/gather_test.cpp
    core/runtime/ops/shape/pad_test.cpp
    core/runtime/ops/shape/reduce_test.cpp
    core/runtime/ops/shape/reshape_ops_test.cpp
    core/runtime/ops/shape/resize_test.cpp
    core/runtime/ops/shape/shape_info_ops_test.cpp
    core/runtime/ops/shape/slice_test.cpp
    core/runtime/ops/shape/transpose_test.cpp
  LIBS quantlens::core)
