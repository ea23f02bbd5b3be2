#!/usr/bin/python3
"""Writes the reference fixtures of QuantLens's QAT fake quantization (tests/data/train/).

Run from the repository root with Debian's interpreter (python3-torch 1.13 imports only there):

    /usr/bin/python3 tools/make_qat_fixtures.py [--out tests/data/train]

fake_quantize.json holds, per case, the inputs x, the upstream gradient dy, the quantization
parameters, and what the REAL torch 1.13 operators return: the output y and, through autograd,
the gradients wrt x (and, for the learnable flavour, wrt scale and zero point):

* torch.fake_quantize_per_tensor_affine / fake_quantize_per_channel_affine (FakeQuantize's STE);
* torch._fake_quantize_learnable_per_tensor_affine / _per_channel_affine (_LearnableFakeQuantize,
  LSQ), with grad_factor 1 and 1/sqrt(numel*qmax) (use_grad_scaling).

Values are float32 and written with repr() of the exact double, so they parse back bit for bit.
Cases include exact ties (x/s = k + 0.5), values clamped at both ends and non-integer zero
points, where the learnable per-tensor backward rounds differently from the forward.
"""
import argparse
import json
import math
import os

import torch


def f32list(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def make_x(gen, shape, scale, zp, qmin, qmax):
    """Values over a range wider than [qmin, qmax], with some exact ties."""
    margin = max(3, (qmax - qmin) // 8)  # steps beyond each end, so some values clamp
    lo = (qmin - zp - margin) * scale
    hi = (qmax - zp + margin) * scale
    x = torch.rand(shape, generator=gen) * (hi - lo) + lo
    flat = x.reshape(-1)
    for i in range(0, flat.numel(), 5):  # every fifth value: a tie k + 0.5 steps
        k = int(torch.randint(qmin - zp - 1, qmax - zp + 1, (1,), generator=gen))
        flat[i] = (k + 0.5) * scale
    flat[1] = (qmin - zp - 2) * scale  # surely clamped at both ends
    flat[2] = (qmax - zp + 2) * scale
    return x.float()


def ste_case(name, gen, shape, scale, zp, qmin, qmax, axis=None):
    if axis is None:
        x = make_x(gen, shape, scale, zp, qmin, qmax).requires_grad_(True)
        y = torch.fake_quantize_per_tensor_affine(x, scale, zp, qmin, qmax)
    else:
        x = torch.empty(shape)
        for c in range(shape[axis]):
            x.select(axis, c).copy_(make_x(gen, x.select(axis, c).shape, scale[c], zp[c], qmin, qmax))
        x.requires_grad_(True)
        y = torch.fake_quantize_per_channel_affine(x, torch.tensor(scale, dtype=torch.float32),
                                                   torch.tensor(zp, dtype=torch.int32), axis, qmin, qmax)
    dy = torch.randn(shape, generator=gen)
    y.backward(dy)
    case = {"name": name, "shape": list(shape), "qmin": qmin, "qmax": qmax,
            "scale": [float(torch.tensor(s, dtype=torch.float32)) for s in (scale if axis is not None else [scale])],
            "zero_point": list(zp) if axis is not None else [zp],
            "axis": axis if axis is not None else -1,
            "x": f32list(x), "dy": f32list(dy), "y": f32list(y), "dx": f32list(x.grad)}
    return case


def lsq_case(name, gen, shape, scale, zp, qmin, qmax, axis=None, grad_scaling=False):
    per_channel = axis is not None
    scales = scale if per_channel else [scale]
    zps = zp if per_channel else [zp]
    if per_channel:
        x = torch.empty(shape)
        for c in range(shape[axis]):
            x.select(axis, c).copy_(make_x(gen, x.select(axis, c).shape, scales[c], round(zps[c]), qmin, qmax))
    else:
        x = make_x(gen, shape, scale, round(zp), qmin, qmax)
    x.requires_grad_(True)
    s = torch.tensor(scales, dtype=torch.float32, requires_grad=True)
    z = torch.tensor(zps, dtype=torch.float32, requires_grad=True)
    # As _LearnableFakeQuantize.forward computes it.
    grad_factor = 1.0 / math.sqrt(x.numel() * qmax) if grad_scaling else 1.0
    if per_channel:
        y = torch._fake_quantize_learnable_per_channel_affine(x, s, z, axis, qmin, qmax, grad_factor)
    else:
        y = torch._fake_quantize_learnable_per_tensor_affine(x, s, z, qmin, qmax, grad_factor)
    dy = torch.randn(shape, generator=gen)
    y.backward(dy)
    return {"name": name, "shape": list(shape), "qmin": qmin, "qmax": qmax,
            "scale": f32list(s), "zero_point": f32list(z), "axis": axis if per_channel else -1,
            "grad_factor": grad_factor,
            "x": f32list(x), "dy": f32list(dy), "y": f32list(y), "dx": f32list(x.grad),
            "dscale": f32list(s.grad), "dzero_point": f32list(z.grad)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/data/train")
    args = parser.parse_args()
    gen = torch.Generator().manual_seed(7)
    ste = [
        ste_case("quint8_affine", gen, [4, 10], 3 / 255, 85, 0, 255),
        ste_case("qint8_symmetric", gen, [3, 7], 0.0156862754, 0, -128, 127),
        ste_case("uint4_affine", gen, [30], 0.5, 3, 0, 15),
        ste_case("per_channel_axis0", gen, [3, 2, 3, 3], [0.02, 0.1, 0.5], [0, 3, -2], -8, 7, axis=0),
        ste_case("per_channel_axis1", gen, [2, 4, 5], [0.25, 0.05, 1.0, 0.125], [10, 0, 200, 128], 0, 255, axis=1),
    ]
    lsq = [
        lsq_case("per_tensor_integer_zp", gen, [4, 8], 0.5, 1.0, 0, 7),
        lsq_case("per_tensor_half_zp", gen, [5, 6], 0.25, 2.5, 0, 15),
        lsq_case("per_tensor_fractional_zp_grad_scaling", gen, [2, 3, 4], 0.1, 100.3, 0, 255, grad_scaling=True),
        lsq_case("per_tensor_symmetric_int8", gen, [40], 0.02, 0.0, -128, 127),
        lsq_case("per_channel_axis0", gen, [3, 2, 2, 2], [0.02, 0.1, 0.3], [0.0, 2.5, -1.4], -8, 7, axis=0),
        lsq_case("per_channel_axis1_grad_scaling", gen, [2, 3, 5], [0.25, 0.05, 0.5], [10.5, 0.0, 3.7], 0, 15,
                 axis=1, grad_scaling=True),
    ]
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "fake_quantize.json")
    with open(path, "w") as f:
        json.dump({"generator": "tools/make_qat_fixtures.py", "torch": torch.__version__,
                   "fake_quantize": ste, "learnable_fake_quantize": lsq}, f, indent=None)
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
