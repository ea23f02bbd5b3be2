# Sources of the graph passes (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  graph/passes/fold_batch_norm.cpp
  graph/passes/fold_constants.cpp
  graph/passes/infer_shapes.cpp
  graph/passes/opset_normalizer.cpp
  graph/passes/prepare_graph.cpp
  graph/passes/remove_identities.cpp
)
