// `quantlens-cli info MODEL`: inputs/outputs, operator counts, parameters, size, unsupported ops.
#include <iostream>

#include "app/cli/cli_command.h"
#include "app/cli/json_output.h"
#include "core/config/command_line.h"
#include "core/graph/onnx_import.h"

namespace quantlens::cli {

int runInfo(const std::vector<std::string>& args) {
  const CommandLine cl = CommandLine::parse(args, {{"json"}});
  if (cl.positional().size() != 1) throw UsageError("info takes exactly one MODEL argument");
  const Model model = importOnnxFile(cl.positional()[0]);
  const ModelSummary s = summarizeModel(model);

  std::cout << s.path << "\n  producer " << s.producer << ", IR " << s.irVersion << ", opset " << s.opset
            << "\n  " << s.nodeCount << " nodes, " << s.parameters << " parameters, "
            << s.fp32Bytes << " bytes as FP32 (file " << s.fileBytes << " bytes)\n";
  for (const ValueInfo& in : s.inputs) std::cout << "  input  " << in.name << ": " << describeValue(in) << "\n";
  for (const ValueInfo& out : s.outputs) std::cout << "  output " << out.name << ": " << describeValue(out) << "\n";
  std::cout << "  operators:";
  for (const auto& [op, count] : s.operatorCounts) std::cout << " " << op << "×" << count;
  std::cout << "\n";
  if (!s.unsupported.empty()) std::cerr << UnsupportedOperatorsError(s.unsupported).what() << "\n";

  if (auto destination = cl.value("json")) {
    nlohmann::ordered_json inputs = nlohmann::ordered_json::array(), outputs = inputs;
    for (const ValueInfo& in : s.inputs) inputs.push_back(valueInfoJson(in));
    for (const ValueInfo& out : s.outputs) outputs.push_back(valueInfoJson(out));
    writeJson({{"model", {{"path", s.path}, {"producer", s.producer}, {"ir_version", s.irVersion},
                          {"opset", s.opset}, {"nodes", s.nodeCount}, {"params", s.parameters},
                          {"fp32_bytes", s.fp32Bytes}, {"file_bytes", s.fileBytes}}},
               {"inputs", inputs},
               {"outputs", outputs},
               {"operators", s.operatorCounts},
               {"unsupported", unsupportedJson(s.unsupported)}},
              *destination);
  }
  return s.unsupported.empty() ? kExitOk : kExitUnsupported;
}

}  // namespace quantlens::cli
