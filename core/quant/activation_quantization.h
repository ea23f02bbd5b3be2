// Activation qparams from cached calibration statistics, and which activations layers kept float
// no longer need.
#pragma once

#include <map>
#include <set>
#include <string>

#include "core/graph/graph.h"
#include "core/quant/calibration.h"
#include "core/quant/quant_config.h"
#include "core/quant/quant_plan.h"
#include "core/quant/quant_state.h"

namespace quantlens {

// The activation observer's settings for `scheme`: config.activationObserver with the grid of the
// scheme (bits, symmetric, unsigned) and one range per tensor.
ObserverSettings activationObserverFor(const ObserverSettings& observer, const QuantScheme& scheme);

// One ActivationQuant per planned activation except those in `skipped`: observed tensors through
// observeRanges(statistics, observer) and computeQParams; a tensor sharing qparams copies its
// source's (clip, qparams and observed range) under its own name. Throws Error naming the tensor
// when its statistics are missing or its range cannot be quantized. Requires config.activationScheme.
std::map<std::string, ActivationQuant> quantizeActivations(const QuantPlan& plan, const CalibrationResult& calibration,
                                                           const QuantConfig& config,
                                                           const std::set<std::string>& skipped = {});

// The tensor whose qparams `tensor` uses (itself when observed or not planned).
std::string qparamsSource(const QuantPlan& plan, const std::string& tensor);

// Activations that only layers in `floatLayers` use, which therefore stay float. Activations are
// taken in sharing groups (a source and every tensor sharing its qparams): a group stays quantized
// when any member is the input or output of a quantized layer, or an input or output of another
// node that produces an observed activation (Add, Mul, Concat, or a float op whose output a
// quantized op reads — conservatively counted as needing its inputs too). Nodes whose outputs
// share their input's qparams (pooling, Relu, reshapes) pass the decision through the group. Only
// groups touching a float layer are dropped, so without overrides the plan is kept whole.
std::set<std::string> activationsOnlyFloatLayersUse(const Graph& graph, const QuantPlan& plan,
                                                    const std::set<std::string>& floatLayers);

}  // namespace quantlens
