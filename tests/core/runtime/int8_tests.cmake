# Tests of the int8 executor against the fake-quant executor (included by tests/CMakeLists.txt).
quantlens_add_test(core_int8_model_test
  SOURCES
    core/runtime/int8_model_test.cpp
    core/runtime/int8_demo_test.cpp
  LIBS quantlens::core nlohmann_json::nlohmann_json)
# On a ResNet-18-shaped model from the benchmark support (built with the benchmarks; see
# tests/bench/bench_tests.cmake for why the option is the guard).
if(QUANTLENS_BUILD_BENCH)
  quantlens_add_test(core_int8_resnet_test
    SOURCES core/runtime/int8_resnet_test.cpp
    LIBS quantlens_bench_support quantlens::core)
endif()
