# The ONNX Runtime interop test: the FP32 demo model and its QDQ export run in onnxruntime-node
# (installed from the npm registry into the build tree) and compared with QuantLens's own outputs
# (included by tests/CMakeLists.txt).
add_executable(interop_input_batch interop/interop_input_batch.cpp)
target_link_libraries(interop_input_batch PRIVATE quantlens::core quantlens::warnings)
target_include_directories(interop_input_batch PRIVATE ${PROJECT_SOURCE_DIR})

add_test(NAME onnxruntime_interop_test
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/interop/run_interop.sh
          $<TARGET_FILE:quantlens-cli> $<TARGET_FILE:interop_input_batch>
          ${PROJECT_SOURCE_DIR}/resources/demo/fashion_cnn.onnx ${PROJECT_SOURCE_DIR}/resources/demo/images 300
          ${PROJECT_BINARY_DIR}/interop)
set_tests_properties(onnxruntime_interop_test PROPERTIES TIMEOUT 600 LABELS "interop")
