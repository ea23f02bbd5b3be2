// A training graph with fake quantizers exactly where the PTQ plan quantizes, started from a PTQ
// calibration, and its conversion back to a graph plus QuantState for evaluation and export.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/graph/graph.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"
#include "core/train/fake_quantizer.h"
#include "core/train/learnable_fake_quantizer.h"
#include "core/train/optimizer.h"
#include "core/train/training_graph.h"

namespace quantlens {

struct QatModelOptions {
  // Weights: 1 tracks the current weight's min/max per slot (the minmax weight observer PTQ uses);
  // activations: PyTorch's FakeQuantize default, 0.01.
  float weightAveragingConstant = 1.0f;
  float activationAveragingConstant = 0.01f;
  // LSQ: every quantizer is a LearnableFakeQuantizer whose scale (and, affine, zero point) starts
  // at the PTQ qparams and is trained with the weights; there are no observers then.
  bool learnable = false;
  bool lsqGradScaling = true;
};

class QatModel {
public:
  // `graph` is prepared for analysis (BN folded), `plan` = planQuantization(graph) and `ptq` a
  // state derived on it. Every quantized layer's weight gets a FakeQuantizer with its PTQ scheme
  // (weight dtype, symmetry, granularity on the layer's axis, overrides' bits) initialized with
  // the PTQ ranges and qparams; every observed activation gets a per-tensor FakeQuantizer
  // initialized with the PTQ observer's clipping range and qparams, and every tensor sharing
  // qparams in the plan fakes with its source's. Throws UnsupportedError for weight schemes QAT
  // cannot fake (per-group, FP8, NF4) and UnsupportedOperatorsError for operators without backward.
  QatModel(Graph graph, QuantPlan plan, QuantState ptq, QatModelOptions options = {});
  QatModel(const QatModel&) = delete;
  QatModel& operator=(const QatModel&) = delete;

  TrainingGraph& training() { return *m_training; }
  const QuantPlan& plan() const { return m_plan; }
  // The graph with its weights as trained so far (prepared, BN folded).
  const Graph& graph() const { return m_training->graph(); }

  // Observers of every quantizer on or off (off = qparams frozen).
  void setObserversEnabled(bool enabled);
  bool observersEnabled() const { return m_observersEnabled; }
  size_t weightQuantizerCount() const;
  size_t activationQuantizerCount() const {
    return m_activationQuantizers.size() + m_learnableActivations.size() + m_shared.size();
  }
  // The learnable quantizers' scales and zero points (empty without options.learnable), named
  // "<tensor>/scale", "<tensor>/zero_point"; their gradients are filled by training().backward().
  std::vector<ParameterRef> quantizerParameters();

  // The PTQ state with the qparams of the quantizers as they are now: weights' qparams and
  // ranges, their fake-quantized copies and errors from the trained weights, int32 biases
  // re-derived from the new scales, activations' qparams and clipping ranges (shared tensors
  // take their source's). What evaluateQuantized, exportQdqModel and exportQParams consume with
  // graph().
  QuantState quantState() const;

private:
  QuantPlan m_plan;
  QuantState m_ptq;
  bool m_observersEnabled = true;
  // Parallel to plan.layers, one of the two set per quantized layer (by options.learnable).
  std::vector<std::unique_ptr<FakeQuantizer>> m_weightQuantizers;
  std::vector<std::unique_ptr<LearnableFakeQuantizer>> m_learnableWeights;
  // By observed tensor (one of the two maps is used), then the tensors sharing their qparams.
  std::map<std::string, std::unique_ptr<FakeQuantizer>> m_activationQuantizers;
  std::map<std::string, std::unique_ptr<LearnableFakeQuantizer>> m_learnableActivations;
  std::vector<std::unique_ptr<ValueQuantizer>> m_shared;
  std::unique_ptr<TrainingGraph> m_training;  // last: holds pointers to the quantizers above
};

}  // namespace quantlens
