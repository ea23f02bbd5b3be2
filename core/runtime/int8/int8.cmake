# Sources of the int8 executor and its evaluation (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/int8/activation_codes.cpp
  runtime/int8/int8_elementwise_steps.cpp
  runtime/int8/int8_generic_steps.cpp
  runtime/int8/int8_layer_step.cpp
  runtime/int8/int8_model.cpp
  runtime/int8/int8_pool_step.cpp
  runtime/int8/latency_comparison.cpp
  analysis/int8_accuracy.cpp
)
