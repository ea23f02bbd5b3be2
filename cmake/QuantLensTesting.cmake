# quantlens_add_test(NAME SOURCES... LIBS...): one GoogleTest executable registered with CTest.
function(quantlens_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main quantlens::warnings)
  target_compile_definitions(${name} PRIVATE
    QUANTLENS_SOURCE_DIR="${PROJECT_SOURCE_DIR}" QUANTLENS_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set(timeout 300)
  if(ARG_TIMEOUT)
    set(timeout ${ARG_TIMEOUT})
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} LABELS "${ARG_LABELS}")
endfunction()
