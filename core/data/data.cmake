# Sources of datasets and preprocessing (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  data/batch.cpp
  data/idx_dataset.cpp
  data/image.cpp
  data/image_file.cpp
  data/image_folder_dataset.cpp
  data/open_dataset.cpp
  data/preprocessing.cpp
  data/preprocessor.cpp
  data/sample_order.cpp
)
