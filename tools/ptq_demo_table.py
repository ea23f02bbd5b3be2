#!/usr/bin/env python3
"""Top-1 of the demo model under every activation observer and weight granularity (issue 3's table).

Runs `quantlens-cli quantize` on resources/demo/fashion_cnn.onnx with calibration on the first 512
Fashion-MNIST training images and evaluation on the 10k test images, for each observer x
{per-tensor, per-channel} with int8 weights, and int4 weights per-channel and per-group:32; prints a
Markdown table and, where tools/reference/pytorch_fx_ptq_demo.json has the same configuration
(made by tools/pytorch_fx_ptq.py with PyTorch's own FX PTQ), PyTorch's top-1 beside ours.

Standard library only: any python3 runs it.
    tools/ptq_demo_table.py [--cli build/app/quantlens-cli] [--eval-count N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FASHION = "/usr/share/datasets/fashion-mnist"
OBSERVERS = ["minmax", "moving-average", "histogram", "percentile", "entropy", "mse"]


def quantize(cli, options, eval_count):
    with tempfile.TemporaryDirectory() as tmp:
        result = os.path.join(tmp, "result.json")
        command = [cli, "quantize", os.path.join(REPO, "resources/demo/fashion_cnn.onnx"),
                   "--calib", os.path.join(FASHION, "train-images-idx3-ubyte.gz"), "--calib-count", "512",
                   "--eval", os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"), "--analysis-count", "0",
                   "--json", result] + options
        if eval_count:
            command += ["--eval-count", str(eval_count)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        with open(result) as f:
            return json.load(f)


def pytorch_reference():
    path = os.path.join(REPO, "tools/reference/pytorch_fx_ptq_demo.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    return {(c["observer"], c["granularity"]): c["top1"] for c in data["configs"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=os.path.join(REPO, "build/app/quantlens-cli"))
    parser.add_argument("--eval-count", type=int, default=0)
    args = parser.parse_args()

    reference = pytorch_reference()
    configs = [(o, g, "int8") for o in OBSERVERS for g in ("per-tensor", "per-channel")]
    configs += [("histogram", "per-channel", "int4"), ("histogram", "per-group:32", "int4")]
    print("| weights | granularity | activation observer | FP32 top-1 | quantized top-1 | agreement | PyTorch FX top-1 | Δ (pp) |")
    print("|---|---|---|---|---|---|---|---|")
    for observer, granularity, dtype in configs:
        j = quantize(args.cli, ["--observer", observer, "--granularity", granularity, "--weight-dtype", dtype],
                     args.eval_count)
        ours = j["quantized"]["top1"]
        theirs = reference.get((observer, granularity)) if dtype == "int8" else None
        delta = f"{100 * (ours - theirs):+.2f}" if theirs is not None else ""
        theirs_text = f"{100 * theirs:.2f}%" if theirs is not None else ""
        print(f"| {dtype} | {granularity} | {observer} | {100 * j['fp32']['top1']:.2f}% | {100 * ours:.2f}% | "
              f"{100 * j['quantized']['agreement']:.2f}% | {theirs_text} | {delta} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
