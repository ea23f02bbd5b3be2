# Sources of post-training quantization: configuration, placement, calibration, derivation
# (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  quant/quant_config.cpp
  quant/quant_plan.cpp
  quant/quant_plan_lookup.cpp
  quant/calibration.cpp
  quant/statistics_worker.cpp
  quant/activation_quantization.cpp
  quant/weight_quantization.cpp
  quant/weight_slices.cpp
  quant/quant_state.cpp
  runtime/fake_quant_model.cpp
  quant/qparams_export.cpp
)
