# Tests of the shape operators (included by tests/CMakeLists.txt).
