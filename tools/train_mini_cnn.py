#!/usr/bin/python3
"""Train the MiniCNN benchmark shape on Fashion-MNIST for one epoch and export it to ONNX.

Developer-time tool; nothing at run or test time needs it (or torch). Run from the repository
root with Debian's interpreter (python3-torch and python3-onnx import only there):

    /usr/bin/python3 tools/train_mini_cnn.py [--out /tmp/mini_cnn.onnx] [--epochs 1]

The network is the one bench/support/synthetic_models.cpp builds with random weights (miniCnn):
conv 3x3 32 + ReLU, conv 3x3 64 + ReLU (padding 1), max-pool 2, flatten, FC 12544->512 + ReLU,
FC 512->10; 6,446,986 parameters, so the file is about 25 MB: it is written where --out says
(default /tmp) and not into the repository. Weight names match the synthetic graph
(conv1, conv2, fc1, fc2). Preprocessing as for the demo model: x = pixel / 255, NCHW, gray.
Seeded and single-order, like tools/train_demo_model.py, whose data helpers it reuses.
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)
from train_demo_model import load_split, predict, preprocess, topk_accuracy  # noqa: E402

SEED = 20240614


class MiniCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 14 * 14, 512)
        self.fc2 = nn.Linear(512, num_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = torch.flatten(F.max_pool2d(x, 2), 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


def train(model, x, y, epochs, batch_size, lr):
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    rng = np.random.RandomState(SEED)
    n = x.shape[0]
    for epoch in range(epochs):
        model.train()
        order = torch.from_numpy(rng.permutation(n))
        t0, total_loss, correct = time.time(), 0.0, 0
        for s in range(0, n, batch_size):
            idx = order[s:s + batch_size]
            logits = model(x[idx])
            loss = F.cross_entropy(logits, y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total_loss += loss.item() * idx.numel()
            correct += (logits.argmax(1) == y[idx]).sum().item()
        print(f"epoch {epoch + 1}/{epochs}: loss {total_loss / n:.4f}, train acc {correct / n:.4f}, "
              f"{time.time() - t0:.1f} s", flush=True)


def export_onnx(model, path):
    import onnx
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), path, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=True, export_params=True)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    counts = {}
    for node in m.graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="/tmp/mini_cnn.onnx")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    train_u8, train_y = load_split("train")
    test_u8, test_y = load_split("t10k")
    x_train, y_train = preprocess(train_u8), torch.from_numpy(train_y)
    x_test, y_test = preprocess(test_u8), torch.from_numpy(test_y)

    model = MiniCNN()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}")
    t0 = time.time()
    train(model, x_train, y_train, args.epochs, args.batch_size, args.lr)
    print(f"training time: {time.time() - t0:.1f} s")

    logits = predict(model, x_test)
    print(f"t10k top-1 {topk_accuracy(logits, y_test, 1):.4f}, "
          f"top-5 {topk_accuracy(logits, y_test, 5):.4f}")
    counts = export_onnx(model, args.out)
    print("ONNX op types:", ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())))
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
