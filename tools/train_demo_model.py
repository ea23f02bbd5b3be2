#!/usr/bin/python3
"""Train QuantLens's demo model: a small CNN on Fashion-MNIST, exported to ONNX.

Developer-time tool; nothing at run or test time needs it (or torch).
Run with Debian's interpreter, which carries python3-torch and python3-onnx:

    /usr/bin/python3 tools/train_demo_model.py

Inputs : Fashion-MNIST IDX files from Debian's dataset-fashion-mnist
         (/usr/share/datasets/fashion-mnist/*.gz)
Outputs: resources/demo/fashion_cnn.onnx   the model (opset 13, BatchNormalization unfused)
         resources/demo/fashion_cnn.json   preprocessing, PyTorch accuracy, reference logits
         resources/demo/images/<k>_<Class>/t10k_<index>.png
                                           the first 30 test images of every class

Preprocessing, which the C++ side reproduces with its defaults:
    x = pixel / 255   (gray, 28x28, NCHW, mean 0, std 1)

Everything is seeded and single-order, so a re-run on the same machine gives the same model.
"""

import argparse
import gzip
import json
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = "/usr/share/datasets/fashion-mnist"
SEED = 20240613

CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
# Folder names: "<label>_<name>", so sorted folder order equals label order.
CLASS_FOLDERS = ["0_T-shirt", "1_Trouser", "2_Pullover", "3_Dress", "4_Coat",
                 "5_Sandal", "6_Shirt", "7_Sneaker", "8_Bag", "9_Ankle-boot"]
IMAGES_PER_CLASS = 30


# --------------------------------------------------------------------------- IDX reading

def read_idx(path):
    """Parses an IDX file (optionally gzip-compressed) into a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4:
        raise ValueError(f"{path}: too short for an IDX header")
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0:
        raise ValueError(f"{path}: bad IDX magic (first two bytes {zero:#06x}, expected 0)")
    dtypes = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    if dtype_code not in dtypes:
        raise ValueError(f"{path}: unknown IDX element type {dtype_code:#04x}")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=dtypes[dtype_code], offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: header says {dims} = {int(np.prod(dims))} elements, "
                         f"file holds {data.size}")
    return data.reshape(dims)


def load_split(prefix):
    images = read_idx(os.path.join(DATA_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DATA_DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    if images.ndim != 3 or images.shape[1:] != (28, 28) or images.shape[0] != labels.shape[0]:
        raise ValueError(f"{prefix}: unexpected shapes {images.shape} / {labels.shape}")
    return images, labels.astype(np.int64)


def preprocess(images_u8):
    """uint8 [N,28,28] -> float32 [N,1,28,28], pixel/255 (mean 0, std 1)."""
    return torch.from_numpy(images_u8.astype(np.float32) / np.float32(255.0)).unsqueeze(1)


# --------------------------------------------------------------------------- model

def conv_bn(cin, cout, k, stride=1, groups=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout))


class FashionCNN(nn.Module):
    """conv-BN-ReLU stem, one residual block, depthwise + pointwise, GAP, Linear."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = conv_bn(1, 16, 3)                  # 16x28x28
        self.down = conv_bn(16, 32, 3, stride=2)       # 32x14x14
        self.res_a = conv_bn(32, 32, 3)                # residual branch
        self.res_b = conv_bn(32, 32, 3)
        self.dw = conv_bn(32, 32, 3, stride=2, groups=32)   # depthwise, 32x7x7
        self.pw = conv_bn(32, 64, 1)                   # pointwise, 64x7x7
        self.pool = nn.AdaptiveAvgPool2d(1)            # -> GlobalAveragePool
        self.fc = nn.Linear(64, num_classes)           # -> Gemm

    def forward(self, x):
        x = F.relu(self.stem(x))
        x = F.relu(self.down(x))
        y = F.relu(self.res_a(x))
        y = self.res_b(y)
        x = F.relu(x + y)                              # residual Add
        x = F.relu(self.dw(x))
        x = F.relu(self.pw(x))
        x = torch.flatten(self.pool(x), 1)
        return self.fc(x)


# --------------------------------------------------------------------------- train / eval

def train(model, x_train, y_train, epochs, batch_size, lr):
    n = x_train.shape[0]
    steps_per_epoch = (n + batch_size - 1) // batch_size
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, epochs=epochs, steps_per_epoch=steps_per_epoch, pct_start=0.25)
    rng = np.random.RandomState(SEED)
    for epoch in range(epochs):
        model.train()
        order = torch.from_numpy(rng.permutation(n))
        flips = torch.from_numpy(rng.rand(n) < 0.5)      # horizontal-flip augmentation
        total_loss, correct = 0.0, 0
        t0 = time.time()
        for s in range(steps_per_epoch):
            idx = order[s * batch_size:(s + 1) * batch_size]
            xb = x_train[idx]
            fb = flips[idx]
            xb = torch.where(fb.view(-1, 1, 1, 1), xb.flip(3), xb)
            yb = y_train[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb, label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * idx.numel()
            correct += (logits.argmax(1) == yb).sum().item()
        print(f"epoch {epoch + 1}/{epochs}: loss {total_loss / n:.4f}, "
              f"train acc {correct / n:.4f}, {time.time() - t0:.1f} s", flush=True)


@torch.no_grad()
def predict(model, x, batch_size=1000):
    model.eval()
    return torch.cat([model(x[i:i + batch_size]) for i in range(0, x.shape[0], batch_size)])


def topk_accuracy(logits, labels, k):
    top = logits.topk(k, dim=1).indices
    return (top == labels.view(-1, 1)).any(dim=1).float().mean().item()


# --------------------------------------------------------------------------- ONNX

def export_onnx(model, path):
    import onnx
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    # In EVAL mode torch 1.13 runs its eval peephole pass, which folds BatchNormalization into
    # the preceding Conv. PRESERVE with the module in eval() exports inference-form BN
    # (one output, running statistics) and leaves it unfused, which QuantLens's own BN-folding
    # pass is meant to show.
    torch.onnx.export(
        model, dummy, path,
        opset_version=13,
        input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        training=torch.onnx.TrainingMode.PRESERVE,
        do_constant_folding=False,
        export_params=True)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    # Name-stable, readable graph: nothing else to tweak.
    return m


def describe_onnx(m):
    counts = {}
    for node in m.graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    bn = [n for n in m.graph.node if n.op_type == "BatchNormalization"]
    for n in bn:
        if len(n.output) != 1:
            raise RuntimeError(f"BatchNormalization node {n.name} has {len(n.output)} outputs; "
                               "expected the single-output inference form")
        for a in n.attribute:
            if a.name == "training_mode" and a.i != 0:
                raise RuntimeError(f"BatchNormalization node {n.name} is in training mode")
    return counts


def onnx_reference_run(m, x):
    """A tiny numpy interpreter for the exported graph (independent of torch) used to check
    that the ONNX file computes what PyTorch computes."""
    from onnx import numpy_helper
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer}
    env[m.graph.input[0].name] = x.astype(np.float64)

    def attr(node, name, default):
        for a in node.attribute:
            if a.name == name:
                if a.type == a.INTS:
                    return list(a.ints)
                if a.type == a.INT:
                    return a.i
                if a.type == a.FLOAT:
                    return a.f
        return default

    def conv(node, x, w, b):
        group = attr(node, "group", 1)
        strides = attr(node, "strides", [1, 1])
        pads = attr(node, "pads", [0, 0, 0, 0])
        dil = attr(node, "dilations", [1, 1])
        assert dil == [1, 1]
        n, c, h, wd = x.shape
        oc, icg, kh, kw = w.shape
        xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
        oh = (xp.shape[2] - kh) // strides[0] + 1
        ow = (xp.shape[3] - kw) // strides[1] + 1
        out = np.zeros((n, oc, oh, ow))
        ocg = oc // group
        for g in range(group):
            xs = xp[:, g * icg:(g + 1) * icg]
            ws = w[g * ocg:(g + 1) * ocg]
            for i in range(kh):
                for j in range(kw):
                    patch = xs[:, :, i:i + strides[0] * oh:strides[0], j:j + strides[1] * ow:strides[1]]
                    out[:, g * ocg:(g + 1) * ocg] += np.einsum("nchw,oc->nohw", patch, ws[:, :, i, j])
        if b is not None:
            out += b.reshape(1, -1, 1, 1)
        return out

    for node in m.graph.node:
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Conv":
            y = conv(node, ins[0], ins[1], ins[2] if len(ins) > 2 else None)
        elif op == "BatchNormalization":
            xx, s, b, mean, var = ins
            eps = attr(node, "epsilon", 1e-5)
            shp = (1, -1, 1, 1)
            y = (xx - mean.reshape(shp)) / np.sqrt(var.reshape(shp) + eps) * s.reshape(shp) + b.reshape(shp)
        elif op == "Relu":
            y = np.maximum(ins[0], 0)
        elif op == "Add":
            y = ins[0] + ins[1]
        elif op == "GlobalAveragePool":
            y = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "Flatten":
            axis = attr(node, "axis", 1)
            y = ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
        elif op == "Gemm":
            a, bm = ins[0], ins[1]
            if attr(node, "transA", 0):
                a = a.T
            if attr(node, "transB", 0):
                bm = bm.T
            y = attr(node, "alpha", 1.0) * (a @ bm)
            if len(ins) > 2 and ins[2] is not None:
                y = y + attr(node, "beta", 1.0) * ins[2]
        else:
            raise RuntimeError(f"reference interpreter: unsupported op {op} ({node.name})")
        env[node.output[0]] = y
    return env[m.graph.output[0].name]


# --------------------------------------------------------------------------- images

def write_images(images, labels, out_dir):
    """The first IMAGES_PER_CLASS test images of every class, as 8-bit gray PNGs.
    Returns the t10k indices written, in sorted-path order (class, then index)."""
    from PIL import Image
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    chosen = []
    for k, folder in enumerate(CLASS_FOLDERS):
        d = os.path.join(out_dir, folder)
        os.makedirs(d)
        idx = np.nonzero(labels == k)[0][:IMAGES_PER_CLASS]
        if len(idx) != IMAGES_PER_CLASS:
            raise RuntimeError(f"class {k}: only {len(idx)} test images")
        for i in idx:
            p = os.path.join(d, f"t10k_{i:05d}.png")
            Image.fromarray(images[i], mode="L").save(p, optimize=True)
            chosen.append(int(i))
    return chosen


def read_images_back(out_dir):
    """Reads the written PNGs back (sorted paths, ImageFolder order) as uint8 arrays."""
    from PIL import Image
    arrays, labels = [], []
    for k, folder in enumerate(sorted(os.listdir(out_dir))):
        d = os.path.join(out_dir, folder)
        for name in sorted(os.listdir(d)):
            with Image.open(os.path.join(d, name)) as im:
                if im.mode != "L" or im.size != (28, 28):
                    raise RuntimeError(f"{name}: mode {im.mode}, size {im.size}")
                arrays.append(np.array(im, dtype=np.uint8))
            labels.append(k)
    return np.stack(arrays), np.array(labels, dtype=np.int64)


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "resources", "demo"),
                    help="output folder (default: resources/demo in the repository)")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    os.makedirs(args.out, exist_ok=True)
    train_u8, train_y = load_split("train")
    test_u8, test_y = load_split("t10k")
    x_train, y_train = preprocess(train_u8), torch.from_numpy(train_y)
    x_test, y_test = preprocess(test_u8), torch.from_numpy(test_y)
    print(f"train {tuple(x_train.shape)}, test {tuple(x_test.shape)}")

    model = FashionCNN()
    n_params = sum(p.numel() for p in model.parameters())
    print(model)
    print(f"parameters: {n_params}")

    t0 = time.time()
    train(model, x_train, y_train, args.epochs, args.batch_size, args.lr)
    train_seconds = time.time() - t0
    print(f"training time: {train_seconds:.1f} s")

    model.eval()
    test_logits = predict(model, x_test)
    top1 = topk_accuracy(test_logits, y_test, 1)
    top5 = topk_accuracy(test_logits, y_test, 5)
    print(f"t10k top-1 {top1:.4f}, top-5 {top5:.4f}")

    # Activation ranges (to see that they differ from layer to layer).
    ranges = {}
    hooks = [mod.register_forward_hook(
        lambda m_, i_, o_, name=name: ranges.__setitem__(name, (o_.min().item(), o_.max().item())))
        for name, mod in model.named_children()]
    predict(model, x_test[:1000])
    for h in hooks:
        h.remove()
    for name, (lo, hi) in ranges.items():
        what = {"pool": "GAP of ReLU", "fc": "logits"}.get(name, "conv+BN, pre-ReLU")
        print(f"  {name:6s} ({what}) output range [{lo:8.3f}, {hi:8.3f}]")

    # Demo images, written then read back so the accuracy is that of the files.
    img_dir = os.path.join(args.out, "images")
    chosen = write_images(test_u8, test_y, img_dir)
    back_u8, back_y = read_images_back(img_dir)
    if not np.array_equal(back_u8, test_u8[chosen]) or not np.array_equal(back_y, test_y[chosen]):
        raise RuntimeError("PNG round trip changed pixels or labels")
    img_logits = predict(model, preprocess(back_u8))
    img_top1 = topk_accuracy(img_logits, torch.from_numpy(back_y), 1)
    img_top5 = topk_accuracy(img_logits, torch.from_numpy(back_y), 5)
    print(f"{len(chosen)} demo images: top-1 {img_top1:.4f}, top-5 {img_top5:.4f}")

    # ONNX.
    onnx_path = os.path.join(args.out, "fashion_cnn.onnx")
    m = export_onnx(model, onnx_path)
    counts = describe_onnx(m)
    print("ONNX op types:", ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())))
    if "BatchNormalization" not in counts:
        print("NOTE: torch fused BatchNormalization into Conv in the export")

    first = test_logits[:4].numpy().astype(np.float32)
    ref = onnx_reference_run(m, x_test[:4].numpy())
    err = float(np.abs(ref - first).max())
    print(f"ONNX (numpy reference interpreter) vs PyTorch, first 4 logits: max |diff| {err:.2e}")
    if err > 1e-4:
        raise RuntimeError("exported ONNX graph disagrees with PyTorch")

    meta = {
        "model": "fashion_cnn.onnx",
        "dataset": "fashion-mnist t10k",
        "input": [1, 1, 28, 28],
        "preprocessing": {"scale": 1.0 / 255.0, "mean": 0, "std": 1,
                          "color": "gray", "size": "28x28", "layout": "NCHW"},
        "pytorch_top1_t10k": round(top1, 6),
        "pytorch_top5_t10k": round(top5, 6),
        "pytorch_top1_images": round(img_top1, 6),
        "pytorch_top5_images": round(img_top5, 6),
        "images": {"folder": "images", "count": len(chosen), "per_class": IMAGES_PER_CLASS,
                   "source": "first 30 of each class in t10k order"},
        "parameters": n_params,
        "opset": 13,
        "torch_version": torch.__version__,
        "classes": CLASSES,
        "class_folders": CLASS_FOLDERS,
        "first_logits_indices": [0, 1, 2, 3],
        "first_logits_labels": [int(v) for v in test_y[:4]],
        "first_logits": [[float(v) for v in row] for row in first],
    }
    with open(os.path.join(args.out, "fashion_cnn.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    for p in (onnx_path, os.path.join(args.out, "fashion_cnn.json")):
        print(f"{os.path.relpath(p, REPO)}: {os.path.getsize(p)} bytes")
    total = sum(os.path.getsize(os.path.join(r, fn)) for r, _, fs in os.walk(img_dir) for fn in fs)
    print(f"{os.path.relpath(img_dir, REPO)}: {len(chosen)} PNGs, {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
