// Synthetic benchmark models: well-known network shapes built in memory with seeded random weights.
#pragma once

#include <cstdint>

#include "core/graph/graph.h"

namespace quantlens::bench {

// Both graphs read one input "input", float32 [batch, C, H, W] with a symbolic batch, and write
// "logits", float32 [batch, classes]. Opset 13. Conv and Gemm weights are He-normal
// (N(0, 2/fanIn)), biases N(0, 0.01^2); the same seed gives the same weights on one standard
// library (std::normal_distribution is not specified bit for bit across implementations).

// ResNet-18 (torchvision's layout) with BatchNormalization already folded, so every Conv has a
// bias: conv 7x7/2 64 + Relu, MaxPool 3x3/2, four stages of two BasicBlocks (64, 128, 256, 512
// channels; the first block of stages 2-4 strides by 2 and adds a 1x1/2 downsample Conv on the
// shortcut), residual Add + Relu, GlobalAveragePool, Flatten, Gemm. 11,684,712 parameters at
// 1000 classes. Input [batch, 3, imageSize, imageSize].
Graph resnet18Like(int64_t classes = 1000, int64_t imageSize = 224, uint32_t seed = 18);

// A small MNIST-style CNN: conv 3x3 32 + Relu, conv 3x3 64 + Relu (both padding 1), MaxPool 2x2,
// Flatten, Gemm 12544->512 + Relu, Gemm 512->10. 6,446,986 parameters. Input [batch, 1, 28, 28].
Graph miniCnn(uint32_t seed = 28);

}  // namespace quantlens::bench
