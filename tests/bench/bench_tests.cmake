# Tests of the benchmark support code (synthetic models). Included from tests/CMakeLists.txt.
# tests/ is configured before bench/, so `if(TARGET quantlens_bench_support)` would still be false
# here; the option that adds bench/ is the guard, and the target name resolves at generate time.
if(QUANTLENS_BUILD_BENCH)
  quantlens_add_test(bench_support_test
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/synthetic_models_test.cpp
    LIBS quantlens_bench_support quantlens::core)
endif()
