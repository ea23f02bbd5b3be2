# Tests of the nn operators (included by tests/CMakeLists.txt).
