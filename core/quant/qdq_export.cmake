# Sources of ONNX export: the float graph writer and the QDQ model of a quantization, plus the
# inspection of QDQ models that are loaded again (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  graph/onnx_export.cpp
  quant/qdq_export.cpp
  quant/qdq_model_info.cpp
)
# libonnx (not only its protobuf classes) for onnx::checker::check_model.
target_link_libraries(quantlens_core PRIVATE onnx)
