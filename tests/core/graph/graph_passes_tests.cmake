# Tests of the graph passes (included by tests/CMakeLists.txt).
quantlens_add_test(opset_normalizer_test
  SOURCES core/graph/opset_normalizer_test.cpp
  LIBS quantlens::core)
