# Tests of ONNX export: the float writer, the QDQ model, the QuantizeLinear/DequantizeLinear operators
# (included by tests/CMakeLists.txt). The ONNX Runtime interop test is tests/interop/.
quantlens_add_test(core_quant_export_test
  SOURCES
    core/quant/export_onnx_test.cpp
    core/quant/export_qdq_test.cpp
    core/quant/export_qdq_ops_test.cpp
  LIBS quantlens::core onnx_proto protobuf::libprotobuf)
quantlens_add_test(core_quant_export_cli_test
  SOURCES core/quant/export_cli_test.cpp
  LIBS quantlens::core nlohmann_json::nlohmann_json)
add_dependencies(core_quant_export_cli_test quantlens-cli)
