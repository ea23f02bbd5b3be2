// The int8 executor: the prepared graph run with integer kernels wherever one exists, float elsewhere.
//
// Activations that carry qparams are stored as uint8 codes (activation_codes.h) from the moment they
// are produced, exactly where the fake-quant executor fake-quantizes them. Conv, Gemm and MatMul with
// integer weights of at most 8 bits (per-tensor, or per-channel with one zero point) run the int8
// GEMM/convolution kernels with an int32 bias and a requantization that clamps for a fused Relu or
// Clip; Add requantizes (PyTorch's add-relu fused); AveragePool and GlobalAveragePool average codes;
// MaxPool and the reshaping operators move codes; Relu/Clip clamp them. Every other node, and every
// layer whose quantization has no integer kernel (FP8, NF4, per-group or wider weights, layers kept
// float), runs its float kernel on dequantized inputs with the fake-quant model's dequantized weights,
// and its outputs are quantized again where they carry qparams. Graph outputs come back as float.
// Every tensor agrees with the fake-quant executor within one quantization step: both compute the
// same codes except where float rounding differs at a near-tie (tests/core/runtime/int8_model_test.cpp).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/runtime/executor.h"
#include "core/runtime/int8/activation_codes.h"
#include "kernels/thread_pool.h"

namespace quantlens {

class Int8Step;

struct Int8Options {
  // Threads of the integer kernels (the pool of kernels/thread_pool.h; the caller is one of them).
  // Float steps always run on one thread.
  int threads = 1;
  // A layer shares a run with the pool only from this many multiply-adds on (some 20 µs on one
  // core): below it, waking the workers costs more than they save.
  int64_t minParallelMacs = int64_t{1} << 21;
};

enum class Int8Backend {
  Int8,   // integer kernels on codes
  Float,  // the float kernel on dequantized values
  Fused,  // computed by the step of another node (a Relu/Clip fused into a layer or an Add)
};
std::string_view int8BackendName(Int8Backend backend);  // "int8", "float", "fused"

// How one graph node runs.
struct Int8NodeInfo {
  std::string name;
  std::string op;
  Int8Backend backend = Int8Backend::Float;
  // Int8: the kernel ("u8 x s8 convolution, int8 per-channel weights, Relu fused"); Float: why no
  // integer kernel applies; Fused: the node it is fused into.
  std::string detail;
};

// Wall time of each part of one run, for per-layer latency.
struct Int8Profile {
  double inputSeconds = 0.0;        // quantizing the graph inputs
  std::vector<double> nodeSeconds;  // by graph node; 0 for fused nodes
  double outputSeconds = 0.0;       // dequantizing the graph outputs
};

// Why the int8 executor cannot run `config` at all (activations that are not 8-bit integers), or nullopt.
std::optional<std::string> int8Unsupported(const QuantConfig& config);

class Int8Model {
public:
  // Converts the prepared graph (prepareForAnalysis), its plan and a derived state: weights quantized
  // and packed, steps chosen. Throws Error (Unsupported) when int8Unsupported(state.config), and
  // UnsupportedOperatorsError for operators the float registry lacks.
  Int8Model(const Graph& graph, const QuantPlan& plan, const QuantState& state, Int8Options options = {});
  ~Int8Model();
  Int8Model(Int8Model&&) noexcept;
  Int8Model& operator=(Int8Model&&) noexcept;

  // Float inputs in the order of graph().inputs; float outputs in the order of graph().outputs.
  // `observer` sees every graph input after quantization and every node's outputs (a fused node's
  // for the step that computes it) as float: the dequantized codes, or the float values of a float
  // tensor. Like the float executor's hooks it may rewrite them (same shapes): what it leaves is
  // quantized again and is what later steps read, so a test can feed every step the fake-quant
  // executor's inputs. `profile`, when given, receives the time of each step.
  std::vector<Tensor> run(std::vector<Tensor> inputs, const ExecutionHooks* observer = nullptr,
                          Int8Profile* profile = nullptr) const;

  // The graph the steps run (float steps read its dequantized weights).
  const Graph& graph() const { return *m_graph; }
  // One entry per graph node, in graph order.
  const std::vector<Int8NodeInfo>& nodes() const { return m_nodes; }
  int threads() const { return m_pool ? m_pool->threads() : 1; }
  // The stored form of every quantized activation, by tensor name.
  const std::map<std::string, ActivationCodes>& activationCodes() const { return m_codes; }

private:
  struct Step;

  std::unique_ptr<Graph> m_graph;
  std::map<std::string, ActivationCodes> m_codes;
  std::vector<Int8NodeInfo> m_nodes;
  std::vector<Step> m_steps;
  std::vector<const Tensor*> m_constantSlots;               // initializers by slot, nullptr for computed values
  std::vector<std::optional<ActivationCodes>> m_slotCodes;  // by slot
  std::vector<int> m_inputSlots;
  std::vector<int> m_outputSlots;
  std::unique_ptr<kernels::ThreadPool> m_pool;
};

}  // namespace quantlens
