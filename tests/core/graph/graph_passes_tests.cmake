# Tests of the graph passes (included by tests/CMakeLists.txt).
quantlens_add_test(core_graph_passes_test
  SOURCES core/graph/passes_test.cpp core/graph/opset_normalizer_test.cpp
  LIBS quantlens::core)
