# Sources of calibration statistics and observers (included by core/CMakeLists.txt).
set(quantlens_observer_sources
  quant/aten_float_sum.cpp
  quant/entropy_observer.cpp
  quant/histogram_moments.cpp
  quant/histogram_observer.cpp
  quant/min_max_observer.cpp
  quant/moving_average_observer.cpp
  quant/mse_observer.cpp
  quant/mse_search.cpp
  quant/observer_factory.cpp
  quant/observer_settings.cpp
  quant/ort_abs_histogram.cpp
  quant/ort_value_histogram.cpp
  quant/percentile_observer.cpp
  quant/reference_arithmetic.cpp
  quant/tensor_statistics.cpp
  quant/torch_histogram.cpp
  quant/weight_ranges.cpp
)
target_sources(quantlens_core PRIVATE ${quantlens_observer_sources})
# The observers reproduce PyTorch's and numpy's float arithmetic step by step: no fused multiply-add.
set_source_files_properties(${quantlens_observer_sources} PROPERTIES COMPILE_OPTIONS -ffp-contract=off)
set_source_files_properties(quant/tensor_statistics.cpp PROPERTIES COMPILE_OPTIONS "-ffp-contract=off;-mavx2")
