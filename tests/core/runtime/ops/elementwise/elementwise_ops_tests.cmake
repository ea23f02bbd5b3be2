# Tests of the elementwise operators (included by tests/CMakeLists.txt).
quantlens_add_test(elementwise_ops_test
  SOURCES
    core/runtime/ops/elementwise/activations_test.cpp
    core/runtime/ops/elementwise/arithmetic_test.cpp
    core/runtime/ops/elementwise/broadcast_test.cpp
    core/runtime/ops/elementwise/cast_test.cpp
    core/runtime/ops/elementwise/clip_test.cpp
    core/runtime/ops/elementwise/comparison_test.cpp
    core/runtime/ops/elementwise/exponential_activations_test.cpp
    core/runtime/ops/elementwise/logical_test.cpp
    core/runtime/ops/elementwise/pow_test.cpp
    core/runtime/ops/elementwise/softmax_test.cpp
    core/runtime/ops/elementwise/trigonometry_test.cpp
    core/runtime/ops/elementwise/unary_math_test.cpp
    core/runtime/ops/elementwise/variadic_test.cpp
    core/runtime/ops/elementwise/where_test.cpp
  LIBS quantlens::core)
