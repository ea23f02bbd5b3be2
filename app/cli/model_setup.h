// The start shared by `quantize` and `qat`: the model imported, refused when it is already
// quantized, prepared for analysis at the --batch size, and its quantization planned.
#pragma once

#include <string>

#include "app/cli/quantize_json.h"
#include "core/config/command_line.h"
#include "core/config/data_options.h"

namespace quantlens::cli {

// Fills r.model, r.graph, r.preprocessing and r.plan from MODEL and the data options; `refusal`
// ends the message for a QDQ model ("quantize the float model it was made from"). Returns the
// sampling options in effect.
SamplingOptions setUpQuantization(QuantizeResult& r, const CommandLine& cl, const std::string& refusal);

}  // namespace quantlens::cli
