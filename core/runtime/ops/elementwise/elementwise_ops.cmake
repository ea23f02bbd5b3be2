# Sources of the elementwise operators (included by core/CMakeLists.txt).
set(QUANTLENS_ELEMENTWISE_SOURCES
  runtime/ops/elementwise/activations.cpp
  runtime/ops/elementwise/arithmetic.cpp
  runtime/ops/elementwise/broadcast.cpp
  runtime/ops/elementwise/cast.cpp
  runtime/ops/elementwise/clip.cpp
  runtime/ops/elementwise/comparison.cpp
  runtime/ops/elementwise/exponential_activations.cpp
  runtime/ops/elementwise/logical.cpp
  runtime/ops/elementwise/pow.cpp
  runtime/ops/elementwise/register_elementwise_ops.cpp
  runtime/ops/elementwise/softmax.cpp
  runtime/ops/elementwise/trigonometry.cpp
  runtime/ops/elementwise/unary_math.cpp
  runtime/ops/elementwise/variadic.cpp
  runtime/ops/elementwise/where.cpp
)
target_sources(quantlens_core PRIVATE ${QUANTLENS_ELEMENTWISE_SOURCES})
# The engine never reads floating-point exception flags or errno. Saying so lets GCC evaluate
# both arms of a select (LeakyRelu, HardSwish, PRelu) and use sqrtps, so those loops vectorize;
# results are unchanged, NaN and infinity included (unlike -ffast-math).
set_source_files_properties(${QUANTLENS_ELEMENTWISE_SOURCES}
  PROPERTIES COMPILE_OPTIONS "-fno-trapping-math;-fno-math-errno")
