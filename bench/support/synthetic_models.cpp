// Synthetic benchmark models: ResNet-18- and MiniCNN-shaped graphs with seeded He-normal weights.
#include "bench/support/synthetic_models.h"

#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace quantlens::bench {
namespace {

constexpr float kBiasStddev = 0.01f;

// Appends nodes and their random weights to a graph; every method returns its output's name.
class GraphBuilder {
public:
  GraphBuilder(std::string name, uint32_t seed) : m_rng(seed) {
    m_graph.name = std::move(name);
    m_graph.opset = 13;
  }

  std::string input(const std::string& name, Shape chw) {
    ValueInfo info{name, DataType::Float32, {Dim{-1, "batch"}}, true};
    for (int64_t d : chw) info.shape.push_back(Dim{d, ""});
    m_graph.inputs.push_back(std::move(info));
    return name;
  }

  // Conv with bias (BatchNormalization folded); square kernel, symmetric padding.
  std::string conv(const std::string& name, const std::string& x, int64_t inChannels,
                   int64_t outChannels, int64_t kernel, int64_t stride, int64_t pad) {
    const std::string weight = name + ".weight";
    const std::string bias = name + ".bias";
    m_graph.initializers[weight] = heNormal({outChannels, inChannels, kernel, kernel});
    m_graph.initializers[bias] = normal({outChannels}, kBiasStddev);
    Node node = makeNode(name, "Conv", {x, weight, bias});
    node.attributes.set("kernel_shape", std::vector<int64_t>{kernel, kernel});
    node.attributes.set("strides", std::vector<int64_t>{stride, stride});
    node.attributes.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
    return append(std::move(node));
  }

  // y = x * W^T + b with W [outFeatures, inFeatures], as PyTorch exports nn.Linear.
  std::string gemm(const std::string& name, const std::string& x, int64_t inFeatures,
                   int64_t outFeatures) {
    const std::string weight = name + ".weight";
    const std::string bias = name + ".bias";
    m_graph.initializers[weight] = heNormal({outFeatures, inFeatures});
    m_graph.initializers[bias] = normal({outFeatures}, kBiasStddev);
    Node node = makeNode(name, "Gemm", {x, weight, bias});
    node.attributes.set("transB", int64_t{1});
    return append(std::move(node));
  }

  std::string maxPool(const std::string& name, const std::string& x, int64_t kernel,
                      int64_t stride, int64_t pad) {
    Node node = makeNode(name, "MaxPool", {x});
    node.attributes.set("kernel_shape", std::vector<int64_t>{kernel, kernel});
    node.attributes.set("strides", std::vector<int64_t>{stride, stride});
    node.attributes.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
    return append(std::move(node));
  }

  std::string flatten(const std::string& name, const std::string& x) {
    Node node = makeNode(name, "Flatten", {x});
    node.attributes.set("axis", int64_t{1});
    return append(std::move(node));
  }

  std::string op(const std::string& name, const std::string& opType,
                 std::vector<std::string> inputs) {
    return append(makeNode(name, opType, std::move(inputs)));
  }

  // Renames the last node's output to `name` and declares it the graph output [batch, features].
  Graph finish(const std::string& name, int64_t features) {
    m_graph.nodes.back().outputs[0] = name;
    m_graph.outputs.push_back(
        ValueInfo{name, DataType::Float32, {Dim{-1, "batch"}, Dim{features, ""}}, true});
    return std::move(m_graph);
  }

private:
  static Node makeNode(const std::string& name, const std::string& opType,
                       std::vector<std::string> inputs) {
    Node node;
    node.name = name;
    node.opType = opType;
    node.inputs = std::move(inputs);
    node.outputs = {name + ".out"};
    return node;
  }

  std::string append(Node node) {
    std::string output = node.outputs[0];
    m_graph.nodes.push_back(std::move(node));
    return output;
  }

  // He (Kaiming) normal: a ReLU network keeps its activation variance from layer to layer when
  // Var(w) = 2 / fanIn, fanIn = elements per output channel (dim 0).
  Tensor heNormal(Shape shape) {
    const int64_t fanIn = elementCount(shape) / shape[0];
    return normal(std::move(shape), std::sqrt(2.0f / static_cast<float>(fanIn)));
  }

  Tensor normal(Shape shape, float stddev) {
    Tensor tensor(DataType::Float32, std::move(shape));
    std::normal_distribution<float> dist(0.0f, stddev);
    for (float& v : tensor.values<float>()) v = dist(m_rng);
    return tensor;
  }

  Graph m_graph;
  std::mt19937 m_rng;
};

// torchvision's BasicBlock: relu(conv3x3(relu(conv3x3/stride(x))) + shortcut(x)), the shortcut
// being x itself or a 1x1/stride conv when the shape changes.
std::string basicBlock(GraphBuilder& b, const std::string& prefix, const std::string& x,
                       int64_t inChannels, int64_t outChannels, int64_t stride) {
  std::string y = b.conv(prefix + ".conv1", x, inChannels, outChannels, 3, stride, 1);
  y = b.op(prefix + ".relu1", "Relu", {y});
  y = b.conv(prefix + ".conv2", y, outChannels, outChannels, 3, 1, 1);
  std::string shortcut = x;
  if (stride != 1 || inChannels != outChannels)
    shortcut = b.conv(prefix + ".downsample", x, inChannels, outChannels, 1, stride, 0);
  y = b.op(prefix + ".add", "Add", {y, shortcut});
  return b.op(prefix + ".relu2", "Relu", {y});
}

}  // namespace

Graph resnet18Like(int64_t classes, int64_t imageSize, uint32_t seed) {
  GraphBuilder b("resnet18_like", seed);
  std::string x = b.input("input", {3, imageSize, imageSize});
  x = b.conv("conv1", x, 3, 64, 7, 2, 3);
  x = b.op("relu", "Relu", {x});
  x = b.maxPool("maxpool", x, 3, 2, 1);
  int64_t channels = 64;
  const int64_t widths[] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    const int64_t width = widths[stage];
    const std::string layer = "layer" + std::to_string(stage + 1);
    x = basicBlock(b, layer + ".0", x, channels, width, stage == 0 ? 1 : 2);
    x = basicBlock(b, layer + ".1", x, width, width, 1);
    channels = width;
  }
  x = b.op("avgpool", "GlobalAveragePool", {x});
  x = b.flatten("flatten", x);
  b.gemm("fc", x, channels, classes);
  return b.finish("logits", classes);
}

Graph miniCnn(uint32_t seed) {
  GraphBuilder b("mini_cnn", seed);
  std::string x = b.input("input", {1, 28, 28});
  x = b.conv("conv1", x, 1, 32, 3, 1, 1);
  x = b.op("relu1", "Relu", {x});
  x = b.conv("conv2", x, 32, 64, 3, 1, 1);
  x = b.op("relu2", "Relu", {x});
  x = b.maxPool("pool", x, 2, 2, 0);
  x = b.flatten("flatten", x);
  x = b.gemm("fc1", x, 64 * 14 * 14, 512);
  x = b.op("relu3", "Relu", {x});
  b.gemm("fc2", x, 512, 10);
  return b.finish("logits", 10);
}

}  // namespace quantlens::bench
