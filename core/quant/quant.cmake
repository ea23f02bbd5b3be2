# Sources of quantization schemes, qparams and quantize/dequantize (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  quant/error_metrics.cpp
  quant/fp8.cpp
  quant/granularity.cpp
  quant/nf4.cpp
  quant/nibble_packing.cpp
  quant/qparams.cpp
  quant/quant_dtype.cpp
  quant/quant_layout.cpp
  quant/quant_scheme.cpp
  quant/quantize.cpp
)
