# Tests of the elementwise operators (included by tests/CMakeLists.txt).
