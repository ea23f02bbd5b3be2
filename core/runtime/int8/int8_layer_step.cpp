// Conv, Gemm and MatMul with int8 weights: packed once, multiplied with the input codes, requantized.
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/quant/quantize.h"
#include "core/quant/weight_quantization.h"
#include "core/runtime/int8/int8_steps.h"
#include "core/runtime/ops/nn/window_attributes.h"
#include "kernels/conv_s8.h"
#include "kernels/requantize.h"
#include "kernels/x86/gemm_s8_layout.h"

namespace quantlens {
namespace {

// Weight codes as int8 rows, one per output channel ([outputs][depth], depth in ONNX order), with
// the one zero point the GEMM takes.
struct WeightRows {
  std::vector<int8_t> codes;
  int64_t rows = 0;
  int64_t depth = 0;
  int32_t zeroPoint = 0;
};

// Why these weights cannot feed the int8 GEMM (int8 codes, one zero point for every row), or nullopt.
std::optional<std::string> weightsUnsupported(const QParams& qparams) {
  const QuantScheme& scheme = qparams.scheme;
  if (!isIntegerDtype(scheme.dtype) || scheme.bits > 8)
    return "weights are " + quantDtypeName(scheme.dtype, scheme.bits) +
           "; the integer kernels take integer weights of at most 8 bits";
  if (scheme.granularity.kind == GranularityKind::PerGroup)
    return "per-group weights have several scales in one output channel, which one int32 accumulator cannot carry";
  if (std::adjacent_find(qparams.zeroPoints.begin(), qparams.zeroPoints.end(), std::not_equal_to<>()) !=
      qparams.zeroPoints.end())
    return "per-channel weight zero points differ between channels; the int8 GEMM takes one weight zero point";
  return std::nullopt;
}

// 8-bit unsigned codes move by −128 into int8 (zero point with them: w − zp is unchanged); narrower
// codes fit as they are.
WeightRows weightRows(const Tensor& weight, const QuantizedLayer& layer, const QParams& qparams) {
  const Tensor codes = quantize(weight, qparams).castTo(DataType::Int32);
  const int32_t shift = !isSignedDtype(qparams.scheme.dtype) && qparams.scheme.bits == 8 ? 128 : 0;
  const int32_t* c = codes.data<int32_t>();
  WeightRows rows;
  rows.zeroPoint = qparams.zeroPoints.at(0) - shift;
  rows.codes.resize(static_cast<size_t>(weight.numel()));
  if (layer.channelAxis == 0) {  // Conv [M, C/G, k…], Gemm B with transB [N, K]: rows as stored
    rows.rows = weight.dim(0);
    rows.depth = rows.rows > 0 ? weight.numel() / rows.rows : 0;
    for (int64_t i = 0; i < weight.numel(); ++i) rows.codes[static_cast<size_t>(i)] = static_cast<int8_t>(c[i] - shift);
  } else {  // MatMul and Gemm B [K, N]: columns are the output channels
    rows.depth = weight.dim(0);
    rows.rows = weight.dim(1);
    for (int64_t k = 0; k < rows.depth; ++k)
      for (int64_t n = 0; n < rows.rows; ++n)
        rows.codes[static_cast<size_t>(n * rows.depth + k)] = static_cast<int8_t>(c[k * rows.rows + n] - shift);
  }
  return rows;
}

// A share of a layer's output channels with its own packed weights: the unit of work of one thread.
// Whole groups when the layer is grouped (a depthwise layer's channels), else rows in multiples of
// the micro-kernel's row tile.
struct Slice {
  int64_t firstRow = 0;
  int64_t rows = 0;
  int64_t firstGroup = 0;
  int64_t groups = 1;
  kernels::PackedWeightsS8 weights;
};

std::vector<Slice> sliceWeights(const WeightRows& w, int64_t groups, int pieces) {
  std::vector<Slice> slices;
  const int64_t rowsPerGroup = w.rows / groups;
  auto add = [&](int64_t firstRow, int64_t rows, int64_t firstGroup, int64_t sliceGroups) {
    slices.push_back(
        {firstRow, rows, firstGroup, sliceGroups,
         kernels::PackedWeightsS8(w.codes.data() + firstRow * w.depth, rows, w.depth, w.zeroPoint, sliceGroups)});
  };
  if (groups > 1) {
    const int64_t perSlice = (groups + pieces - 1) / pieces;
    for (int64_t g = 0; g < groups; g += perSlice) {
      const int64_t count = std::min(perSlice, groups - g);
      add(g * rowsPerGroup, count * rowsPerGroup, g, count);
    }
  } else {
    int64_t perSlice = (w.rows + pieces - 1) / pieces;
    perSlice = (perSlice + kernels::kRowTile - 1) / kernels::kRowTile * kernels::kRowTile;
    for (int64_t r = 0; r < w.rows; r += perSlice) add(r, std::min(perSlice, w.rows - r), 0, 1);
  }
  return slices;
}

// Accumulators and requantized rows of one slice, per thread and kept across runs.
std::vector<int32_t>& accumulatorScratch() {
  thread_local std::vector<int32_t> buffer;
  return buffer;
}
std::vector<uint8_t>& transposeScratch() {
  thread_local std::vector<uint8_t> buffer;
  return buffer;
}

// What Conv and Gemm/MatMul steps share: the slices, the int32 bias and the requantization.
struct LayerArithmetic {
  std::vector<Slice> whole;   // one slice
  std::vector<Slice> pieces;  // one per thread (empty with one thread)
  std::vector<int32_t> bias;  // empty without a bias
  std::vector<float> multipliers;
  ActivationCodes input;
  ActivationCodes output;
  CodeClamp clamp;
  int64_t minParallelMacs = 0;  // Int8Options::minParallelMacs

  // The pool, when a run of this layer has enough work to share.
  kernels::ThreadPool* poolFor(kernels::ThreadPool* pool, int64_t macs) const {
    return macs >= minParallelMacs ? pool : nullptr;
  }
  const int32_t* biasFrom(int64_t row) const { return bias.empty() ? nullptr : bias.data() + row; }
  kernels::Requantization requantization(int64_t row) const {
    const bool perChannel = multipliers.size() > 1;
    return {multipliers.data() + (perChannel ? row : 0), perChannel, output.zeroPoint, clamp.min, clamp.max};
  }
  // Slices for `tasks` independent outputs (images or columns): threads share the images when there
  // are enough of them, else the channels.
  const std::vector<Slice>& slicesFor(const kernels::ThreadPool* pool, int64_t tasks) const {
    return pool && !pieces.empty() && tasks < 2 * pool->threads() ? pieces : whole;
  }
};

void runTasks(kernels::ThreadPool* pool, int64_t count, const std::function<void(int64_t)>& task) {
  if (!pool || count <= 1) {
    for (int64_t i = 0; i < count; ++i) task(i);
    return;
  }
  pool->parallelFor(0, count, 1, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i) task(i);
  });
}

class ConvS8Step final : public Int8Step {
public:
  ConvS8Step(const Node& node, int64_t opset, nn::WindowAttributes attributes, int64_t spatialRank,
             int64_t inputChannels, int64_t groups, LayerArithmetic arithmetic)
      : m_node(node),
        m_opset(opset),
        m_attributes(std::move(attributes)),
        m_spatialRank(spatialRank),
        m_inputChannels(inputChannels),
        m_groups(groups),
        m_a(std::move(arithmetic)) {}

  void run(Int8StepContext& context) const override {
    const Tensor& x = *context.inputs[0];
    if (x.rank() != m_spatialRank + 2 || x.dim(1) != m_inputChannels)
      throw Error(m_node.label() + ": input has shape " + shapeToString(x.shape()) + " but the weight expects " +
                  std::to_string(m_inputChannels) + " channels and " + std::to_string(m_spatialRank) + " spatial axes");
    const OpContext attributes(m_node, m_opset, {}, {});
    const kernels::WindowGeometry g =
        nn::slidingWindowGeometry(attributes, m_attributes, Shape(x.shape().begin() + 2, x.shape().end()));
    const int64_t batch = x.dim(0), outputs = m_a.whole.front().rows;
    const int64_t inPlane = g.inputPlane(), outPlane = g.outputPlane();
    const int64_t channelsPerGroup = m_inputChannels / m_groups;
    Tensor y(DataType::UInt8, nn::nchwShape(batch, outputs, g.output, m_spatialRank));
    const uint8_t* in = x.data<uint8_t>();
    uint8_t* out = y.data<uint8_t>();
    kernels::ThreadPool* pool =
        m_a.poolFor(context.pool, batch * outputs * outPlane * m_a.whole.front().weights.depth());
    const std::vector<Slice>& slices = m_a.slicesFor(pool, batch);
    const auto count = static_cast<int64_t>(slices.size());
    runTasks(pool, batch * count, [&](int64_t task) {
      const int64_t n = task / count;
      const Slice& s = slices[static_cast<size_t>(task % count)];
      kernels::ConvS8Params p;
      p.inputChannels = s.groups * channelsPerGroup;
      p.outputChannels = s.rows;
      p.groups = s.groups;
      p.geometry = g;
      p.inputZeroPoint = m_a.input.zeroPoint;
      kernels::convU8S8ToU8(p, in + (n * m_inputChannels + s.firstGroup * channelsPerGroup) * inPlane, s.weights,
                            m_a.biasFrom(s.firstRow), m_a.requantization(s.firstRow),
                            out + (n * outputs + s.firstRow) * outPlane);
    });
    context.outputs[0] = std::move(y);
  }

private:
  Node m_node;
  int64_t m_opset;
  nn::WindowAttributes m_attributes;
  int64_t m_spatialRank;
  int64_t m_inputChannels;
  int64_t m_groups;
  LayerArithmetic m_a;
};

// Gemm (A [M, K]) and MatMul (A [..., K]) against a constant B: Yᵀ = Bᵀ·Aᵀ with Aᵀ read in place.
class GemmS8Step final : public Int8Step {
public:
  GemmS8Step(const Node& node, bool matMul, int64_t depth, LayerArithmetic arithmetic)
      : m_node(node), m_matMul(matMul), m_depth(depth), m_a(std::move(arithmetic)) {}

  void run(Int8StepContext& context) const override {
    const Tensor& x = *context.inputs[0];
    const bool fits = m_matMul ? x.rank() >= 1 && x.dim(x.rank() - 1) == m_depth : x.rank() == 2 && x.dim(1) == m_depth;
    if (!fits)
      throw Error(m_node.label() + ": input has shape " + shapeToString(x.shape()) + " but the weight expects " +
                  (m_matMul ? "[..., " : "[M, ") + std::to_string(m_depth) + "]");
    const int64_t outputs = m_a.whole.front().rows;
    const int64_t columns = m_depth > 0 ? x.numel() / m_depth : 0;
    Shape shape = x.shape();
    shape.back() = outputs;
    Tensor y(DataType::UInt8, shape);
    // One column: any stride reads it, and stride 1 lets the GEMM read the row in place.
    const kernels::Int8Matrix<uint8_t> a{x.data<uint8_t>(),  m_depth, columns, 1, columns == 1 ? 1 : m_depth,
                                         m_a.input.zeroPoint};
    uint8_t* out = y.data<uint8_t>();
    kernels::ThreadPool* pool = m_a.poolFor(context.pool, outputs * columns * m_depth);
    const std::vector<Slice>& slices = m_a.slicesFor(pool, 1);
    runTasks(pool, static_cast<int64_t>(slices.size()), [&](int64_t task) {
      const Slice& s = slices[static_cast<size_t>(task)];
      std::vector<int32_t>& acc = accumulatorScratch();
      acc.resize(static_cast<size_t>(s.rows * columns));
      kernels::gemmU8S8(s.weights, 0, a, m_a.biasFrom(s.firstRow), acc.data(), columns);
      if (columns == 1) {
        kernels::requantizeToU8(acc.data(), s.rows, 1, m_a.requantization(s.firstRow), out + s.firstRow);
        return;
      }
      std::vector<uint8_t>& rows = transposeScratch();
      rows.resize(acc.size());
      kernels::requantizeToU8(acc.data(), s.rows, columns, m_a.requantization(s.firstRow), rows.data());
      for (int64_t r = 0; r < s.rows; ++r)
        for (int64_t j = 0; j < columns; ++j)
          out[j * outputs + s.firstRow + r] = rows[static_cast<size_t>(r * columns + j)];
    });
    context.outputs[0] = std::move(y);
  }

private:
  Node m_node;
  bool m_matMul;
  int64_t m_depth;
  LayerArithmetic m_a;
};

std::string granularityWords(const QParams& qparams) {
  return qparams.scheme.granularity.kind == GranularityKind::PerChannel ? "per-channel" : "per-tensor";
}

}  // namespace

Int8StepChoice chooseLayerStep(const Int8BuildContext& context, size_t index, const Int8Options& options) {
  const QuantizedLayer& layer = context.plan.layers.at(index);
  const LayerQuant& quant = context.state.layers.at(index);
  const Node& node = context.graph.nodes.at(static_cast<size_t>(layer.node));
  if (!quant.quantized || !quant.weight) return Int8StepChoice::refused("kept float by an override");
  if (layer.op != "Conv" && layer.op != "Gemm" && layer.op != "MatMul")
    return Int8StepChoice::refused("no integer kernel for " + layer.op);
  const QParams& qparams = quant.weight->qparams;
  if (auto why = weightsUnsupported(qparams)) return Int8StepChoice::refused(*why);
  const ActivationCodes* input = context.codesOf(layer.input);
  const ActivationCodes* output = context.codesOf(layer.output);
  if (!input) return Int8StepChoice::refused("its input '" + layer.input + "' is not quantized");
  if (!output) return Int8StepChoice::refused("its output '" + layer.output + "' is not quantized");
  if (!layer.bias.empty() && !quant.dequantizedBias)
    return Int8StepChoice::refused("its bias is not quantized to int32");
  const std::optional<CodeClamp> clamp = fusedClamp(context, layer.fusedActivation, *output);
  if (!clamp) return Int8StepChoice::refused("the fused Clip's bounds are not constants");
  const Tensor* weight = context.source.initializer(layer.weight);
  const Tensor* bias = layer.bias.empty() ? nullptr : context.source.initializer(layer.bias);
  if (!weight || (!layer.bias.empty() && !bias))
    throw Error(node.label() + ": weight or bias is not an initializer", ErrorKind::Internal);

  const auto& attributes = node.attributes;
  if (layer.op == "Gemm") {
    if (attributes.getInt("transA", 0) != 0) return Int8StepChoice::refused("Gemm with transA has no integer kernel");
    if (attributes.getFloat("alpha", 1.0f) != 1.0f || (bias && attributes.getFloat("beta", 1.0f) != 1.0f))
      return Int8StepChoice::refused("Gemm with alpha or beta other than 1 has no integer kernel");
  }
  if (layer.op != "Conv" && weight->rank() != 2) return Int8StepChoice::refused("the weight is not a matrix");
  if (layer.op == "Conv" && (weight->rank() < 3 || weight->rank() > 5))
    return Int8StepChoice::refused("Conv with " + std::to_string(weight->rank() - 2) + " spatial axes");

  const WeightRows rows = weightRows(*weight, layer, qparams);
  if (bias && bias->numel() != rows.rows)
    return Int8StepChoice::refused("its bias has " + std::to_string(bias->numel()) + " values for " +
                                   std::to_string(rows.rows) + " outputs");
  const int64_t groups = layer.op == "Conv" ? attributes.getInt("group", 1) : 1;
  if (groups < 1 || rows.rows % groups != 0)
    return Int8StepChoice::refused("group " + std::to_string(groups) + " does not divide the output channels");

  LayerArithmetic a;
  a.input = *input;
  a.output = *output;
  a.clamp = *clamp;
  a.whole = sliceWeights(rows, groups, 1);
  if (options.threads > 1) a.pieces = sliceWeights(rows, groups, options.threads);
  a.minParallelMacs = options.minParallelMacs;
  if (bias) a.bias = quantizeBias(*bias, input->scale, qparams.scales);
  for (float scale : qparams.scales)
    a.multipliers.push_back(kernels::requantizationMultiplier(input->scale, scale, output->scale));

  Int8StepChoice choice;
  choice.inputs = {layer.input};
  choice.outputs = {layer.output};
  choice.fusedNode = layer.fusedActivation;
  choice.detail = std::string("u8 x s8 ") + (layer.op == "Conv" ? "convolution" : "GEMM") + ", " +
                  quantDtypeName(qparams.scheme.dtype, qparams.scheme.bits) + " " + granularityWords(qparams) +
                  " weights";
  if (layer.fusedActivation >= 0)
    choice.detail += ", " + context.graph.nodes[static_cast<size_t>(layer.fusedActivation)].opType + " fused";
  if (layer.op == "Conv") {
    const int64_t spatialRank = weight->rank() - 2;
    const OpContext reader(node, context.graph.opset, {}, {});
    nn::WindowAttributes window =
        nn::readWindowAttributes(reader, spatialRank, Shape(weight->shape().begin() + 2, weight->shape().end()));
    window.ceilMode = false;  // not a Conv attribute
    choice.step = std::make_unique<ConvS8Step>(node, context.graph.opset, std::move(window), spatialRank,
                                               weight->dim(1) * groups, groups, std::move(a));
  } else {
    choice.step = std::make_unique<GemmS8Step>(node, layer.op == "MatMul", rows.depth, std::move(a));
  }
  return choice;
}

}  // namespace quantlens
