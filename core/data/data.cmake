# Sources of datasets and preprocessing (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
)
