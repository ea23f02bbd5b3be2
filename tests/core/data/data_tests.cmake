# Tests of datasets and preprocessing (included by tests/CMakeLists.txt).
# OpenCV is linked only to write the test images; the code under test keeps it private.
quantlens_add_test(core_data_test
  SOURCES
    core/data/batch_test.cpp
    core/data/idx_dataset_test.cpp
    core/data/image_file_test.cpp
    core/data/image_folder_dataset_test.cpp
    core/data/open_dataset_test.cpp
    core/data/preprocessing_test.cpp
    core/data/preprocessor_test.cpp
    core/data/sample_order_test.cpp
  LIBS quantlens::core GTest::gmock ${OpenCV_LIBS} ZLIB::ZLIB)
