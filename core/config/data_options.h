// The data and preprocessing options shared by every command that reads images (CLI.md), and by the GUI.
#pragma once

#include <optional>
#include <vector>

#include "core/config/command_line.h"
#include "core/data/preprocessing.h"
#include "core/graph/graph.h"

namespace quantlens {

// --data --calib --eval --calib-count --eval-count --shuffle --batch --size --resize --color
// --scale --mean --std
std::vector<OptionSpec> dataOptionSpecs();

struct SamplingOptions {
  int64_t calibCount = 512;
  int64_t evalCount = -1;  // all
  std::optional<uint64_t> shuffleSeed;
  int64_t batchSize = 32;
};
SamplingOptions samplingFromCommandLine(const CommandLine& cl);

// Suggested from the model's (single) input shape, then overridden by the options given.
// UsageError for malformed values; Error when the result cannot feed the model's input.
Preprocessing preprocessingFromCommandLine(const CommandLine& cl, const Graph& graph);

// Error naming the input, both shapes and the options to change when `preprocessing` cannot
// produce what the model's input declares.
void checkPreprocessingFitsModel(const Preprocessing& preprocessing, const Graph& graph);

}  // namespace quantlens
