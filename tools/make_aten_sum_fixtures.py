#!/usr/bin/python3
"""Writes tests/data/quant/aten_float_sum.json: torch.sum of float32 vectors, bit for bit.

QuantLens's atenFloatSum (core/quant/aten_float_sum.h) reproduces the summation order of ATen's CPU
cascade sum (aten/src/ATen/native/cpu/SumKernel.cpp) in the AVX2 build Debian's python3-torch 1.13
runs. Each case is a 1-D contiguous float32 vector of length 0..5000 made from a generator spec
(splitmix64 as in tools/make_observer_fixtures.py; mirrored in tests/core/quant/aten_float_sum_test.cpp),
with torch.sum's float32 result and, for contrast, the float32 rounding of the double running sum
(what QuantLens took for torch.sum before).

Run from the repository root with Debian's interpreter (python3-torch imports only there):

    /usr/bin/python3 tools/make_aten_sum_fixtures.py [--out tests/data/quant/aten_float_sum.json]
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_observer_fixtures import SplitMix64  # noqa: E402

LENGTHS = list(range(0, 34)) + [63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1023,
                                1024, 1025, 1500, 2047, 2048, 2049, 3000, 4095, 4096, 4097, 5000]
KINDS = ["fraction", "integer", "sixteenths", "wide", "negative_zero"]


def generate(kind, seed, count):
    """float32 values of one case (aten_float_sum_test.cpp's valuesOf is the C++ twin)."""
    rng = SplitMix64(seed)
    values = []
    for _ in range(count):
        if kind == "fraction":
            # Fractional values in [0, 1000).
            values.append(1000.0 * rng.uniform())
        elif kind == "integer":
            # Integer-valued, as unmerged histogram counts.
            values.append(float(rng.next() % 1000))
        elif kind == "sixteenths":
            # Multiples of 1/16 below 4096 in a quarter of the slots, zeros elsewhere: merged
            # histogram counts.
            r = rng.next()
            values.append((r % 65536) / 16.0 if (r >> 32) % 4 == 0 else 0.0)
        elif kind == "wide":
            # Either sign, magnitudes 2^-60 .. 2^60.
            u = rng.uniform()
            e = int(rng.next() % 121) - 60
            values.append(math.ldexp(2.0 * u - 1.0, e))
        elif kind == "negative_zero":
            values.append(-0.0)
        else:
            raise ValueError(kind)
    return np.array(values, dtype=np.float64).astype(np.float32)


def double_running_sum(values):
    total = 0.0
    for v in values.tolist():
        total += v
    return float(np.float32(total))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="tests/data/quant/aten_float_sum.json")
    args = parser.parse_args()
    # Below ATen's grain size (32768 elements) the reduction is serial anyway; one thread makes
    # that explicit.
    torch.set_num_threads(1)
    cases = []
    for i, count in enumerate(LENGTHS):
        for k, kind in enumerate(KINDS):
            if kind == "negative_zero" and count not in (0, 1, 7, 8, 9, 33, 2048):
                continue
            seed = 1000 + 10 * i + k
            values = generate(kind, seed, count)
            total = torch.sum(torch.from_numpy(values)).item()
            cases.append({"kind": kind, "seed": seed, "count": count, "sum": total,
                          "double_sum": double_running_sum(values)})
    capability = [line.strip(" -") for line in torch.__config__.show().splitlines()
                  if "CPU capability" in line]
    fixture = {"source": "torch %s (Debian python3-torch, %s), tools/make_aten_sum_fixtures.py"
                         % (torch.__version__, capability[0] if capability else "?"),
               "cases": cases}
    with open(args.out, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    differ = sum(1 for c in cases if c["sum"] != c["double_sum"])
    print("wrote %s (%d bytes, %d cases, %d where torch.sum is not the rounded double sum)"
          % (args.out, os.path.getsize(args.out), len(cases), differ), file=sys.stderr)


if __name__ == "__main__":
    main()
