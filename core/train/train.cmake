# Sources of training: autodiff over the CNN op set, fake quantization with STE and LSQ
# (included by core/CMakeLists.txt).
target_sources(quantlens_core PRIVATE
  train/grad_registry.cpp
  train/ops/activation_grad.cpp
  train/ops/conv_grad.cpp
  train/ops/elementwise_grad.cpp
  train/ops/matmul_grad.cpp
  train/ops/pooling_grad.cpp
  train/ops/reduce_to_shape.cpp
  train/ops/register_grad_ops.cpp
  train/ops/shape_grad.cpp
  train/fake_quantize_ste.cpp
  train/learnable_fake_quantize.cpp
  train/softmax_cross_entropy.cpp
  train/training_graph.cpp
  train/fake_quantizer.cpp
  train/sgd.cpp
  train/train_loop.cpp
  train/adam.cpp
  train/augmentation.cpp
  train/distillation_loss.cpp
  train/learnable_fake_quantizer.cpp
  train/qat_model.cpp
  train/qat_trainer.cpp
  train/qat_settings.cpp
)
