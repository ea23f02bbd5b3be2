# Tests of quantization schemes, qparams and quantize/dequantize (included by tests/CMakeLists.txt).
# The fixtures under tests/data/quant/ are made by tools/make_qparams_fixtures.py.
quantlens_add_test(core_quant_scheme_test
  SOURCES
    core/quant/error_metrics_test.cpp
    core/quant/fp8_test.cpp
    core/quant/nf4_test.cpp
    core/quant/onnx_quantize_linear_test.cpp
    core/quant/qparams_fixture_test.cpp
    core/quant/qparams_test.cpp
    core/quant/quant_scheme_test.cpp
    core/quant/quantize_test.cpp
  LIBS quantlens::core GTest::gmock nlohmann_json::nlohmann_json)
