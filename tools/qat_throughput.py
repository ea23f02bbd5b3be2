#!/usr/bin/python3
"""QAT training throughput, QuantLens vs PyTorch, on the demo model in one run.

Both train the demo model (BatchNorm folded into the convolutions, as QuantLens trains it) with
fake quantization -- 4-bit per-tensor symmetric weights, uint8 affine activations, moving-average
observers -- for one epoch of the same number of Fashion-MNIST training images, batch 32,
SGD with momentum, on one thread. PyTorch: FX prepare_qat_fx of tools/train_demo_model.py's
FashionCNN, images preloaded as tensors (its timing excludes data loading). QuantLens:
`quantlens-cli qat`, whose per-epoch "seconds" cover decoding the IDX images as well.
Prints both rates in images/s and their ratio.

usage: tools/qat_throughput.py [--cli build/app/quantlens-cli] [--images 2048] [--batch 32]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import FakeQuantize, MovingAverageMinMaxObserver, QConfig, QConfigMapping
from torch.ao.quantization.quantize_fx import prepare_qat_fx
from torch.nn.utils.fusion import fuse_conv_bn_eval

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_demo_model import FashionCNN, load_split, preprocess  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"


def folded_model():
    """The demo model with its trained weights' architecture, each conv_bn pair folded into one Conv2d."""
    model = FashionCNN().eval()
    for name in ["stem", "down", "res_a", "res_b", "dw", "pw"]:
        seq = getattr(model, name)
        setattr(model, name, fuse_conv_bn_eval(seq[0], seq[1]))
    return model


def torch_rate(images, labels, batch):
    weight_fq = FakeQuantize.with_args(observer=MovingAverageMinMaxObserver, quant_min=-8, quant_max=7,
                                       dtype=torch.qint8, qscheme=torch.per_tensor_symmetric)
    act_fq = FakeQuantize.with_args(observer=MovingAverageMinMaxObserver, quant_min=0, quant_max=255,
                                    dtype=torch.quint8, qscheme=torch.per_tensor_affine)
    mapping = QConfigMapping().set_global(QConfig(activation=act_fq, weight=weight_fq))
    model = prepare_qat_fx(folded_model().train(), mapping, example_inputs=(images[:1],))
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)

    def step(xb, yb):
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    for s in range(3):  # warm-up
        step(images[s * batch:(s + 1) * batch], labels[s * batch:(s + 1) * batch])
    start = time.perf_counter()
    for s in range(0, images.shape[0], batch):
        step(images[s:s + batch], labels[s:s + batch])
    return images.shape[0] / (time.perf_counter() - start)


def quantlens_rate(cli, count, batch):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "qat.json")
        subprocess.run([cli, "qat", os.path.join(ROOT, "resources/demo/fashion_cnn.onnx"),
                        "--train", os.path.join(DATA, "train-images-idx3-ubyte.gz"), "--train-count", str(count),
                        "--calib-count", "256", "--epochs", "1", "--batch", str(batch), "--lr", "0.001",
                        "--weight-dtype", "int4", "--granularity", "per-tensor", "--json", out],
                       check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)["epochs"][0]["images_per_second"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "build/app/quantlens-cli"))
    ap.add_argument("--images", type=int, default=2048)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x, y = load_split("train")
    images = preprocess(x[:args.images])
    labels = torch.from_numpy(y[:args.images])
    ours = quantlens_rate(args.cli, args.images, args.batch)
    theirs = torch_rate(images, labels, args.batch)
    print(f"QAT training, demo model, batch {args.batch}, {args.images} images, 1 thread")
    print(f"  PyTorch {torch.__version__} (FX prepare_qat_fx): {theirs:8.1f} images/s")
    print(f"  QuantLens quantlens-cli qat:        {ours:8.1f} images/s")
    print(f"  ratio QuantLens / PyTorch: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
