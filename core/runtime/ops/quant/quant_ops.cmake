# Sources of the quantization operators (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  runtime/ops/quant/quantize_linear.cpp
  runtime/ops/quant/register_quant_ops.cpp
)
