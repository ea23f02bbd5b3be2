# Sources of the elementwise operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/elementwise/activations.cpp
  runtime/ops/elementwise/arithmetic.cpp
  runtime/ops/elementwise/broadcast.cpp
  runtime/ops/elementwise/cast.cpp
  runtime/ops/elementwise/clip.cpp
  runtime/ops/elementwise/comparison.cpp
  runtime/ops/elementwise/logical.cpp
  runtime/ops/elementwise/pow.cpp
  runtime/ops/elementwise/register_elementwise_ops.cpp
  runtime/ops/elementwise/softmax.cpp
  runtime/ops/elementwise/unary_math.cpp
  runtime/ops/elementwise/variadic.cpp
  runtime/ops/elementwise/where.cpp
)
