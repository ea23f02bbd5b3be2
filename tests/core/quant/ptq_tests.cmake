# Tests of post-training quantization: placement, calibration, derivation, fake-quant model
# (included by tests/CMakeLists.txt).
quantlens_add_test(core_quant_plan_test
  SOURCES
    core/quant/calibration_test.cpp
    core/quant/quant_plan_test.cpp
    core/quant/statistics_worker_test.cpp
  LIBS quantlens::core GTest::gmock)
quantlens_add_test(core_quant_derive_test
  SOURCES
    core/quant/derive_quantization_test.cpp
    core/quant/ptq_demo_test.cpp
    core/quant/weight_quantization_test.cpp
    core/runtime/fake_quant_model_test.cpp
  LIBS quantlens::core GTest::gmock nlohmann_json::nlohmann_json)
