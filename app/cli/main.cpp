// quantlens-cli: every QuantLens analysis without a window, for pipelines and CI (see CLI.md).
#include <cstring>
#include <iostream>

#include "app/cli/cli_command.h"
#include "app/cli/interrupt.h"
#include "app/cli/json_output.h"
#include "core/config/command_line.h"
#include "core/error.h"
#include "core/runtime/tensor_memory.h"

using namespace quantlens;
using namespace quantlens::cli;

namespace {

const CliCommand kCommands[] = {
    {"info", "info MODEL [--json F]", "inputs, outputs, operators, parameters, unsupported operators", runInfo},
    {"run", "run MODEL (--data PATH | --tensors A.pb[,B.pb] --save-outputs DIR) [--json F]",
     "FP32 inference; top-1/top-5 when the data is labeled", runRun},
    {"quantize",
     "quantize MODEL --calib PATH [--eval PATH] [data and quantization options] [--analysis-count N] "
     "[--export-qparams F] [--export-onnx F] [--tensors A.pb[,B.pb] --save-outputs DIR] [--skip-int8] [--json F] [--report F.pdf [--report-layers N]]",
     "post-training quantization: calibrate, derive qparams, evaluate and analyse every layer", runQuantize},
    {"bench",
     "bench MODEL --calib PATH [data and quantization options] [--iterations N] [--batch N] [--threads N] "
     "[--export-onnx F] [--json F]",
     "FP32 vs int8 latency of the whole model (batch 1 and --batch) and of every node", runBench},
    {"qat",
     "qat MODEL --train PATH [--train-count N] [--eval PATH] --epochs N [--lr X] [--optimizer sgd|adam] "
     "[--lr-schedule cosine|one-cycle|constant] [--distill ALPHA,T] [--freeze-observers-after F] [--learnable] "
     "[--augment-flip] [--augment-crop PAD] "
     "[data and quantization options] [--export-onnx F] [--export-qparams F] [--json F]",
     "quantization-aware training from a PTQ calibration, with per-epoch loss and top-1", runQat},
};

void printUsage(std::ostream& out) {
  out << "usage: quantlens-cli COMMAND [ARGS]\n       quantlens-cli --version\n\ncommands:\n";
  for (const CliCommand& c : kCommands) out << "  " << c.usage << "\n      " << c.summary << "\n";
}

int exitCodeOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput: return kExitInvalidInput;
    case ErrorKind::Unsupported: return kExitUnsupported;
    case ErrorKind::Cancelled: return kExitCancelled;
    case ErrorKind::Internal: break;
  }
  return kExitInternal;
}

}  // namespace

int main(int argc, char** argv) {
  retainFreedTensorMemory();
  interruptToken();  // Ctrl-C from here on stops long work cleanly with exit code 4
  if (argc < 2) {
    printUsage(std::cerr);
    return kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "--version") {
    std::cout << "quantlens-cli " << QUANTLENS_VERSION << "\n";
    return kExitOk;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    printUsage(std::cout);
    return kExitOk;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--json" && args[i + 1] == "-") reserveStdoutForJson();
  for (const CliCommand& c : kCommands) {
    if (c.name != command) continue;
    try {
      return c.run(args);
    } catch (const UsageError& e) {
      std::cerr << "quantlens-cli " << command << ": " << e.what() << "\nusage: quantlens-cli " << c.usage << "\n";
      return kExitUsage;
    } catch (const Error& e) {
      std::cerr << "quantlens-cli " << command << ": error: " << e.what() << "\n";
      return exitCodeOf(e.kind());
    } catch (const std::exception& e) {
      std::cerr << "quantlens-cli " << command << ": internal error: " << e.what() << "\n";
      return kExitInternal;
    }
  }
  std::cerr << "quantlens-cli: unknown command '" << command << "'\n";
  printUsage(std::cerr);
  return kExitUsage;
}
