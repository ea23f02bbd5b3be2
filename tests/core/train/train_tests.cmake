# Tests of training: backward kernels against finite differences, fake quantization against
# PyTorch fixtures, the training graph on the demo model (included by tests/CMakeLists.txt).
quantlens_add_test(core_train_test
  SOURCES
    core/train/adam_test.cpp
    core/train/augmentation_test.cpp
    core/train/distillation_loss_test.cpp
    core/train/fake_quantize_test.cpp
    core/train/learnable_fake_quantizer_test.cpp
    core/train/op_gradient_test.cpp
    core/train/qat_settings_test.cpp
    core/train/sgd_test.cpp
    core/train/softmax_cross_entropy_test.cpp
  LIBS quantlens::core nlohmann_json::nlohmann_json)
quantlens_add_test(core_train_model_test
  SOURCES core/train/training_graph_test.cpp core/train/qat_model_test.cpp
  LIBS quantlens::core)
