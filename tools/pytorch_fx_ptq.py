#!/usr/bin/python3
"""PyTorch's own FX post-training static quantization of the demo model: the reference table
that QuantLens's `quantize` must agree with (issue 3, within 0.3 pp of top-1).

Developer-time tool; nothing at run or test time needs it (or torch). Run from the repository
root with Debian's interpreter (python3-torch 1.13 and python3-onnx import only there):

    /usr/bin/python3 tools/pytorch_fx_ptq.py [--out tools/reference/pytorch_fx_ptq_demo.json]

What it does:
1. Rebuilds the demo model (FashionCNN of tools/train_demo_model.py) and loads every weight
   from the initializers of resources/demo/fashion_cnn.onnx, so the PyTorch model is the shipped
   ONNX model; checks FP32 top-1 on the 10k test set against resources/demo/fashion_cnn.json.
2. For every activation observer x weight granularity: prepare_fx (QConfigMapping with one
   global QConfig, the fbgemm backend config's patterns: conv+bn+relu fused, add+relu, ...),
   calibration on the first 512 Fashion-MNIST training images in file order (x = pixel/255,
   [N,1,28,28], batches of 32 -- QuantLens's `--calib-count 512 --batch 32`), then
     * convert_fx: the real int8 model, run on the 'onednn' engine (Debian's torch has no
       fbgemm; the CPU has VNNI, so u8 x s8 products cannot saturate), and
     * convert_to_reference_fx: the same qparams as float quantize->dequantize pairs around
       float ops, i.e. the fake-quant simulation QuantLens computes.
   Both are evaluated on the 10k test set; 'agreement' is the fraction with the same argmax.

Activations: quint8, per-tensor affine, [0, 255] (reduce_range False). Weights: qint8
symmetric, MinMaxObserver per_tensor_symmetric or PerChannelMinMaxObserver per_channel_symmetric
(ch_axis 0). Observers: MinMaxObserver, MovingAverageMinMaxObserver(averaging_constant=0.01),
HistogramObserver as shipped in 1.13 (with the int() truncation bug, REFERENCE-SEMANTICS.md
section 1.4) and HistogramObserver25 from tools/make_observer_fixtures.py (1.13's search with the
PyTorch >= 2.5 histogram merge, which is what QuantLens implements).
"""
import argparse
import copy
import json
import os
import sys
import time

import numpy as np
import torch
from onnx import load as onnx_load
from onnx import numpy_helper
from torch.ao.quantization import QConfig, QConfigMapping
from torch.ao.quantization.backend_config import get_fbgemm_backend_config
from torch.ao.quantization.observer import (HistogramObserver, MinMaxObserver,
                                            MovingAverageMinMaxObserver,
                                            PerChannelMinMaxObserver)
from torch.ao.quantization.quantize_fx import convert_fx, convert_to_reference_fx, prepare_fx

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
from make_observer_fixtures import HistogramObserver25  # noqa: E402
from train_demo_model import FashionCNN, load_split, preprocess, topk_accuracy  # noqa: E402

DEMO_DIR = os.path.join(REPO, "resources", "demo")
CALIB_COUNT = 512
BATCH = 32
EVAL_BATCH = 1000

ACTIVATION_OBSERVERS = [
    # (name in QuantLens's CLI, histogram merge, observer class, extra kwargs)
    ("minmax", None, MinMaxObserver, {}),
    ("moving-average", None, MovingAverageMinMaxObserver, {"averaging_constant": 0.01}),
    ("histogram", "1.13", HistogramObserver, {}),
    ("histogram", "2.5", HistogramObserver25, {}),
]
# FX node whose output an observer watches -> the ONNX tensor of resources/demo/fashion_cnn.onnx
# that carries the same values (conv+BN(+ReLU) fused as FX fuses them).
FX_TO_ONNX = {
    "x": "input",
    "stem_0": "/Relu_output_0",
    "down_0": "/Relu_1_output_0",
    "res_a_0": "/Relu_2_output_0",
    "res_b_0": "/res_b/res_b.1/BatchNormalization_output_0",
    "relu_3": "/Relu_3_output_0",
    "dw_0": "/Relu_4_output_0",
    "pw_0": "/Relu_5_output_0",
    "pool": "/pool/GlobalAveragePool_output_0",
    "flatten": "/Flatten_output_0",
    "fc": "logits",
}
WEIGHT_GRANULARITIES = [
    ("per-tensor", MinMaxObserver.with_args(dtype=torch.qint8,
                                            qscheme=torch.per_tensor_symmetric)),
    ("per-channel", PerChannelMinMaxObserver.with_args(dtype=torch.qint8,
                                                       qscheme=torch.per_channel_symmetric,
                                                       ch_axis=0)),
]


def load_demo_model():
    """FashionCNN with every parameter and BN buffer taken from the shipped ONNX file."""
    onnx_model = onnx_load(os.path.join(DEMO_DIR, "fashion_cnn.onnx"))
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy())
               for t in onnx_model.graph.initializer}
    model = FashionCNN()
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise RuntimeError(f"ONNX initializers do not match FashionCNN: missing {missing}, "
                           f"unexpected {unexpected}")
    return model.eval()


@torch.no_grad()
def logits_of(model, x):
    return torch.cat([model(x[i:i + EVAL_BATCH]) for i in range(0, x.shape[0], EVAL_BATCH)])


def qconfig_mapping(act_cls, act_kwargs, weight_observer):
    activation = act_cls.with_args(dtype=torch.quint8, qscheme=torch.per_tensor_affine,
                                   reduce_range=False, **act_kwargs)
    return QConfigMapping().set_global(QConfig(activation=activation, weight=weight_observer))


@torch.no_grad()
def calibrate(prepared, x_calib):
    for i in range(0, x_calib.shape[0], BATCH):
        prepared(x_calib[i:i + BATCH])


def activation_qparams(prepared):
    """Scale and zero point of every observed activation, named by its ONNX tensor, in graph
    order. 'shared' marks an observer that is the same object as an earlier one (FX lets
    AdaptiveAvgPool2d and flatten reuse their input's qparams)."""
    out, seen = [], []
    for node in prepared.graph.nodes:
        if node.op != "call_module" or not node.target.startswith("activation_post_process_"):
            continue
        observer = getattr(prepared, node.target)
        source = node.args[0].name
        scale, zero_point = observer.calculate_qparams()
        out.append({"tensor": FX_TO_ONNX[source], "fx_node": source,
                    "scale": float(scale.reshape(-1)[0]),
                    "zero_point": int(zero_point.reshape(-1)[0]),
                    "observed_min": float(observer.min_val),
                    "observed_max": float(observer.max_val),
                    "shared": any(observer is earlier for earlier in seen)})
        seen.append(observer)
    return out


def run_config(model, x_calib, x_test, y_test, act, granularity):
    name, merge, act_cls, act_kwargs = act
    gran_name, weight_observer = granularity
    t0 = time.time()
    prepared = prepare_fx(copy.deepcopy(model), qconfig_mapping(act_cls, act_kwargs,
                                                                weight_observer),
                          example_inputs=(x_calib[:1],),
                          backend_config=get_fbgemm_backend_config())
    calibrate(prepared, x_calib)
    t_calib = time.time() - t0
    qparams = activation_qparams(prepared)

    reference = convert_to_reference_fx(copy.deepcopy(prepared),
                                        backend_config=get_fbgemm_backend_config())
    t0 = time.time()
    ref_logits = logits_of(reference, x_test)
    t_ref = time.time() - t0

    int8 = convert_fx(prepared, backend_config=get_fbgemm_backend_config())
    t0 = time.time()
    int8_logits = logits_of(int8, x_test)
    t_int8 = time.time() - t0

    first = slice(0, BATCH)
    entry = {
        "observer": name,
        "granularity": gran_name,
        "top1": round(topk_accuracy(int8_logits, y_test, 1), 6),
        "top5": round(topk_accuracy(int8_logits, y_test, 5), 6),
        "fake_quant_top1": round(topk_accuracy(ref_logits, y_test, 1), 6),
        "fake_quant_top5": round(topk_accuracy(ref_logits, y_test, 5), 6),
        "int8_vs_fake_quant_agreement": round(
            (int8_logits.argmax(1) == ref_logits.argmax(1)).float().mean().item(), 6),
        "first_batch_top1": {
            "int8": round(topk_accuracy(int8_logits[first], y_test[first], 1), 6),
            "fake_quant": round(topk_accuracy(ref_logits[first], y_test[first], 1), 6)},
        "seconds": {"prepare_and_calibrate": round(t_calib, 3),
                    "eval_fake_quant": round(t_ref, 3), "eval_int8": round(t_int8, 3)},
    }
    if merge is not None:
        entry["histogram_merge"] = merge
    if name == "moving-average":
        entry["averaging_constant"] = act_kwargs["averaging_constant"]
    entry["activation_qparams"] = qparams
    return entry


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(TOOLS, "reference", "pytorch_fx_ptq_demo.json"))
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    engines = torch.backends.quantized.supported_engines
    engine = "fbgemm" if "fbgemm" in engines else "onednn"
    torch.backends.quantized.engine = engine

    t0 = time.time()
    train_u8, _ = load_split("train")
    test_u8, test_y = load_split("t10k")
    x_calib = preprocess(train_u8[:CALIB_COUNT])
    x_test, y_test = preprocess(test_u8), torch.from_numpy(test_y)
    model = load_demo_model()
    with open(os.path.join(DEMO_DIR, "fashion_cnn.json")) as f:
        shipped = json.load(f)
    fp32_logits = logits_of(model, x_test)
    fp32_top1 = topk_accuracy(fp32_logits, y_test, 1)
    fp32_top5 = topk_accuracy(fp32_logits, y_test, 5)
    first = np.array(shipped["first_logits"], dtype=np.float32)
    logit_err = float(np.abs(fp32_logits[:first.shape[0]].numpy() - first).max())
    print(f"FP32 (weights from fashion_cnn.onnx): top-1 {fp32_top1:.4f}, top-5 {fp32_top5:.4f} "
          f"(shipped {shipped['pytorch_top1_t10k']:.4f} / {shipped['pytorch_top5_t10k']:.4f}); "
          f"first logits max |diff| {logit_err:.2e}; {time.time() - t0:.1f} s", flush=True)
    if round(fp32_top1, 6) != shipped["pytorch_top1_t10k"] or logit_err > 1e-4:
        raise RuntimeError("the PyTorch model rebuilt from the ONNX file is not the shipped model")

    configs = []
    header = (f"{'observer':15s} {'merge':5s} {'weights':11s} {'int8 top1':>9s} {'top5':>7s} "
              f"{'fq top1':>8s} {'agree':>7s} {'calib s':>8s} {'eval s':>7s}")
    print(f"engine {engine}, torch {torch.__version__}, calibration {CALIB_COUNT} x batch {BATCH}")
    print(header)
    for act in ACTIVATION_OBSERVERS:
        for gran in WEIGHT_GRANULARITIES:
            e = run_config(model, x_calib, x_test, y_test, act, gran)
            configs.append(e)
            s = e["seconds"]
            print(f"{e['observer']:15s} {e.get('histogram_merge', '-'):5s} {e['granularity']:11s} "
                  f"{e['top1']:9.4f} {e['top5']:7.4f} {e['fake_quant_top1']:8.4f} "
                  f"{e['int8_vs_fake_quant_agreement']:7.4f} {s['prepare_and_calibrate']:8.2f} "
                  f"{s['eval_int8'] + s['eval_fake_quant']:7.2f}", flush=True)

    result = {
        "source": "tools/pytorch_fx_ptq.py: torch.ao.quantization.quantize_fx prepare_fx / "
                  "convert_fx (top1, top5) and convert_to_reference_fx (fake_quant_*)",
        "torch_version": torch.__version__,
        "engine": engine,
        "backend_config": "fbgemm",
        "model": "resources/demo/fashion_cnn.onnx",
        "calibration": {"data": "train-images-idx3-ubyte.gz", "samples": CALIB_COUNT,
                        "order": "file order, no shuffle", "batch": BATCH,
                        "preprocessing": "pixel/255, NCHW [N,1,28,28]"},
        "evaluation": {"data": "t10k-images-idx3-ubyte.gz", "samples": int(x_test.shape[0])},
        "activations": "quint8 per-tensor affine [0,255], reduce_range False",
        "weights": "qint8 symmetric [-128,127]: MinMaxObserver per_tensor_symmetric or "
                   "PerChannelMinMaxObserver per_channel_symmetric ch_axis 0",
        "fp32_top1": round(fp32_top1, 6),
        "fp32_top5": round(fp32_top5, 6),
        "configs": configs,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(args.out, REPO)} ({os.path.getsize(args.out)} bytes), "
          f"total {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
