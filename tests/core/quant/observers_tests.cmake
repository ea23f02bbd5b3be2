# Tests of calibration statistics and observers (included by tests/CMakeLists.txt). Fixtures in
# tests/data/quant/observers/ come from tools/make_observer_fixtures.py, tests/data/quant/aten_float_sum.json
# from tools/make_aten_sum_fixtures.py.
quantlens_add_test(core_quant_observer_test
  SOURCES
    core/quant/aten_float_sum_test.cpp
    core/quant/histogram_moments_test.cpp
    core/quant/mse_search_test.cpp
    core/quant/observer_edge_cases_test.cpp
    core/quant/observer_settings_test.cpp
    core/quant/observer_worked_examples_test.cpp
    core/quant/onnxruntime_calibrators_test.cpp
    core/quant/pytorch_observers_test.cpp
    core/quant/tensor_statistics_test.cpp
    core/quant/torch_histogram_merge_test.cpp
    core/quant/weight_ranges_test.cpp
  LIBS quantlens::core nlohmann_json::nlohmann_json)
