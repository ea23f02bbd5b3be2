# Sources of the graph passes (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
)
