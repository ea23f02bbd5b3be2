#!/usr/bin/python3
"""Writes the reference fixtures of QuantLens's calibration observers (tests/data/quant/observers/).

Run from the repository root with Debian's interpreter (python3-torch 1.13 imports only there):

    /usr/bin/python3 tools/make_observer_fixtures.py [--out tests/data/quant/observers]

Four files come out, each a few KB but the last:

* pytorch_observers.json -- the REAL torch 1.13 observers: MinMaxObserver,
  MovingAverageMinMaxObserver, PerChannelMinMaxObserver, MovingAveragePerChannelMinMaxObserver
  and HistogramObserver (single batches whose min and max are integers, so 1.13's int()
  truncation bug, issue #83672, has no effect). Multi-batch histogram cases use a subclass of
  1.13's HistogramObserver whose forward() is the PyTorch >= 2.5 merge (PR #129387/#130316, the
  upscale-by-16 of REFERENCE-SEMANTICS.md section 1.4); the search (_non_linear_param_search,
  _compute_quantization_error) and calculate_qparams are 1.13's own.
* onnxruntime_calibrators.json -- a numpy transcription of ONNX Runtime's calibrate.py
  HistogramCollector (collect_value + merge_histogram, collect_absolute_value, compute_percentile,
  get_entropy_threshold with quant_utils.smooth_distribution); ORT is not installed. scipy is not
  installed either, so scipy.stats.entropy is transcribed too (float32 in, float32 out: the
  'ff->f' loop of scipy.special.rel_entr evaluates x*log(x/y) in double).
* tensorrt_entropy.json -- a numpy transcription of the TensorRT entropy calibration of the
  GTC 2017 slides (REFERENCE-SEMANTICS.md section 3), run on ORT's |x| histogram.
* torch_histogram_merge.json (about 170 KB) -- every bin of HistogramObserver25's histogram after
  a few merges, with the search and the qparams: growth on either side, tiny ranges, one-value
  histograms.

Inputs are not stored: each batch is a small generator spec (seed, kind, parameters) that
tests/core/quant/observer_fixture.h re-creates bit for bit -- splitmix64, 24-bit uniforms and
double arithmetic rounded once to float32, no transcendental functions.
"""
import argparse
import json
import math
import os
import re
import sys

import numpy as np
import torch
from torch.ao.quantization.observer import (HistogramObserver, MinMaxObserver,
                                            MovingAverageMinMaxObserver,
                                            MovingAveragePerChannelMinMaxObserver,
                                            PerChannelMinMaxObserver)

MASK64 = (1 << 64) - 1


# ---------------------------------------------------------------------------------------------
# Deterministic inputs (mirrored in tests/core/quant/observer_fixture.h)
# ---------------------------------------------------------------------------------------------
class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def uniform(self):
        # 24 random bits: exactly representable in float32 and double.
        return (self.next() >> 40) * (1.0 / 16777216.0)


def generate(spec):
    """float32 values of one batch from its spec (see observer_fixture.h for the C++ twin)."""
    kind = spec["kind"]
    count = spec.get("count", 0)
    values = []
    if kind == "uniform":
        rng = SplitMix64(spec["seed"])
        lo, hi = spec["low"], spec["high"]
        values = [lo + (hi - lo) * rng.uniform() for _ in range(count)]
    elif kind == "bell":
        # Irwin-Hall sum of four uniforms: bell shaped on [center-2*scale, center+2*scale].
        rng = SplitMix64(spec["seed"])
        c, s = spec["center"], spec["scale"]
        values = []
        for _ in range(count):
            t = rng.uniform() + rng.uniform() + rng.uniform() + rng.uniform() - 2.0
            values.append(c + s * t)
    elif kind == "cubic":
        # Heavy tailed: center + scale * (2u-1)^3.
        rng = SplitMix64(spec["seed"])
        c, s = spec["center"], spec["scale"]
        for _ in range(count):
            t = 2.0 * rng.uniform() - 1.0
            values.append(c + s * (t * t * t))
    elif kind == "linspace":
        # numpy.linspace in double, then float32.
        start, stop = spec["start"], spec["stop"]
        step = (stop - start) / (count - 1)
        values = [i * step + start for i in range(count - 1)] + [stop]
    elif kind == "values":
        values = list(spec["values"])
    else:
        raise ValueError(kind)
    if spec.get("relu", False):
        values = [max(v, 0.0) for v in values]
    values = values + list(spec.get("append", []))
    return np.array(values, dtype=np.float64).astype(np.float32)


def batch_array(spec):
    values = generate(spec)
    shape = spec.get("shape", [len(values)])
    return values.reshape(shape)


def f32(value):
    """A float32 value as a JSON number that parses back to the same float32."""
    return float(np.float32(value))


def f32_list(values):
    return [f32(v) for v in np.asarray(values).reshape(-1)]


# ---------------------------------------------------------------------------------------------
# PyTorch (real 1.13)
# ---------------------------------------------------------------------------------------------
QPARAM_CONFIGS = [
    ("quint8", "affine", torch.quint8, torch.per_tensor_affine),
    ("qint8", "symmetric", torch.qint8, torch.per_tensor_symmetric),
]
PER_CHANNEL_CONFIGS = [
    ("quint8", "affine", torch.quint8, torch.per_channel_affine),
    ("qint8", "symmetric", torch.qint8, torch.per_channel_symmetric),
]


def qparams_of(make, batches, configs):
    out = []
    for dtype_name, scheme_name, dtype, qscheme in configs:
        obs = make(dtype, qscheme)
        for b in batches:
            obs(torch.from_numpy(b))
        scale, zp = obs.calculate_qparams()
        out.append({"dtype": dtype_name, "scheme": scheme_name,
                    "scale": f32_list(scale.reshape(-1)),
                    "zero_point": [int(z) for z in zp.reshape(-1)]})
    return out


def minmax_case(name, specs):
    batches = [batch_array(s) for s in specs]
    obs = MinMaxObserver()
    for b in batches:
        obs(torch.from_numpy(b))
    return {"name": name, "observer": "minmax", "batches": specs,
            "min": [f32(obs.min_val)], "max": [f32(obs.max_val)],
            "qparams": qparams_of(lambda d, q: MinMaxObserver(dtype=d, qscheme=q), batches,
                                  QPARAM_CONFIGS)}


def moving_average_case(name, specs, c):
    batches = [batch_array(s) for s in specs]
    obs = MovingAverageMinMaxObserver(averaging_constant=c)
    for b in batches:
        obs(torch.from_numpy(b))
    return {"name": name, "observer": "moving-average", "averaging_constant": c,
            "batches": specs, "min": [f32(obs.min_val)], "max": [f32(obs.max_val)],
            "qparams": qparams_of(
                lambda d, q: MovingAverageMinMaxObserver(averaging_constant=c, dtype=d, qscheme=q),
                batches, QPARAM_CONFIGS)}


def per_channel_case(name, specs, axis, c=None):
    batches = [batch_array(s) for s in specs]
    if c is None:
        make = lambda d, q: PerChannelMinMaxObserver(ch_axis=axis, dtype=d, qscheme=q)
    else:
        make = lambda d, q: MovingAveragePerChannelMinMaxObserver(
            averaging_constant=c, ch_axis=axis, dtype=d, qscheme=q)
    obs = make(torch.quint8, torch.per_channel_affine)
    for b in batches:
        obs(torch.from_numpy(b))
    case = {"name": name, "observer": "minmax" if c is None else "moving-average",
            "per_channel": True, "channel_axis": axis, "batches": specs,
            "min": f32_list(obs.min_val), "max": f32_list(obs.max_val),
            "qparams": qparams_of(make, batches, PER_CHANNEL_CONFIGS)}
    if c is not None:
        case["averaging_constant"] = c
    return case


def fma_f32(a, b, c):
    """float32 a + b * c rounded once, as a compiler's fused multiply-add (float32 a and b, integer
    c below 2^24): b * c and the TwoSum error of a + b * c are exact in double; rounding the double
    sum to odd and then to float32 rounds the exact sum once."""
    a = np.asarray(a, np.float64)
    p = np.asarray(b, np.float64) * np.asarray(c, np.float64)
    s = a + p
    bb = s - a
    err = (a - (s - bb)) + (p - bb)
    inexact_even = (err != 0) & ((s.view(np.int64) & 1) == 0)
    s = np.where(inexact_even, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)
    return s.astype(np.float32)


def aten_linspace(start, end, steps):
    """float32 torch.linspace(start, end, steps) of PyTorch >= 2.0 on the CPU.

    linspace_kernel (aten/src/ATen/native/cpu/RangeFactoriesKernel.cpp) is scalar since PR #89048:
    step = (end - start) / (steps - 1) in float32; element i < steps // 2 is start + step * i, the
    others end - step * (steps - 1 - i). GCC contracts each into one fused multiply-add in the
    AVX2 and AVX512 builds of the kernel (Debian's 1.13 build fuses the same expressions), so each
    element is rounded once. The installed torch 1.13 cannot serve: its kernel is still the
    vectorized one, which adds j * step (j < 8) to a base every 8 elements, an ulp away here and
    there -- enough to move fine mid-points across bin edges in the merge below.
    """
    start, end = np.float32(start), np.float32(end)
    step = np.float32((end - start) / np.float32(steps - 1))
    index = np.arange(steps, dtype=np.int64)
    half = steps // 2
    return np.concatenate([fma_f32(start, step, index[:half]),
                           fma_f32(end, -step, steps - 1 - index[half:])])


class HistogramObserver25(HistogramObserver):
    """1.13's HistogramObserver with the forward() of PyTorch >= 2.5 (upsample fixed at 16).

    Transcribed from REFERENCE-SEMANTICS.md section 1.4: ±inf dropped; the first batch is
    histc'd on [x_min, x_max]; later batches are histc'd on the union range and the stored
    histogram is upscaled by 16 and re-binned by the mid-points of its fine bins. torch.linspace
    is PyTorch >= 2.0's (aten_linspace), not the installed 1.13's.
    """
    UPSAMPLE = 16

    def _upscale(self, hist, omin, omax, nmin, nmax):
        fine = hist.repeat_interleave(self.UPSAMPLE) / self.UPSAMPLE
        width = (omax - omin) / (self.bins * self.UPSAMPLE)
        fine_edges = aten_linspace(float(omin), float(omax), self.bins * self.UPSAMPLE + 1)
        mids = torch.from_numpy(fine_edges[:-1]) + 0.5 * width
        edges = torch.from_numpy(aten_linspace(float(nmin), float(nmax), self.bins + 1))
        k = torch.bucketize(mids, edges, right=True) - 1
        k = torch.clamp(k, 0, self.bins - 1)
        return torch.bincount(k, weights=fine, minlength=self.bins)

    def forward(self, x_orig):
        if x_orig.numel() == 0:
            return x_orig
        x = x_orig.detach()
        x = x[x.abs() != float("inf")]
        if x.numel() == 0:
            return x_orig
        x_min, x_max = torch.aminmax(x)
        if self.min_val == float("inf") or self.max_val == float("-inf"):
            self.min_val.copy_(x_min)
            self.max_val.copy_(x_max)
            self.histogram.copy_(torch.histc(x, self.bins, min=float(x_min), max=float(x_max)))
            return x_orig
        omin, omax = self.min_val.clone(), self.max_val.clone()
        nmin, nmax = torch.min(omin, x_min), torch.max(omax, x_max)
        upd = torch.histc(x, self.bins, min=float(nmin), max=float(nmax))
        if nmin == omin and nmax == omax:
            hist = self.histogram + upd
        elif omin == omax:
            # A histogram of one value moves as a whole into the bin of that value.
            hist = upd + torch.histc(omin.reshape(1), self.bins, min=float(nmin),
                                     max=float(nmax)) * torch.sum(self.histogram)
        else:
            hist = upd + self._upscale(self.histogram, omin, omax, nmin, nmax)
        self.histogram.copy_(hist)
        self.min_val.copy_(nmin)
        self.max_val.copy_(nmax)
        return x_orig


def histogram_case(name, specs, merge25, dst_bits=8):
    batches = [batch_array(s) for s in specs]
    if not merge25:
        assert len(batches) == 1
        for b in batches:
            assert float(b.min()) == int(b.min()) and float(b.max()) == int(b.max()), \
                "1.13's histc(min=int(min), max=int(max)) needs integer min/max"
    cls = HistogramObserver25 if merge25 else HistogramObserver
    configs = []
    search = None
    hist_state = None
    for dtype_name, scheme_name, dtype, qscheme in QPARAM_CONFIGS:
        obs = cls(dtype=dtype, qscheme=qscheme)
        obs.dst_nbins = 2 ** dst_bits
        for b in batches:
            obs(torch.from_numpy(b))
        new_min, new_max = obs._non_linear_param_search()
        search = [f32(new_min), f32(new_max)]
        hist = obs.histogram.double()
        hist_state = {"min": f32(obs.min_val), "max": f32(obs.max_val),
                      "total": float(hist.sum()),
                      "first_moment": float((hist * torch.arange(obs.bins).double()).sum()),
                      "max_bin": float(hist.max())}
        if dst_bits == 8:
            scale, zp = obs.calculate_qparams()
            configs.append({"dtype": dtype_name, "scheme": scheme_name,
                            "scale": f32_list(scale.reshape(-1)),
                            "zero_point": [int(z) for z in zp.reshape(-1)]})
    case = {"name": name, "observer": "histogram", "merge": "2.5" if merge25 else "1.13",
            "bits": dst_bits, "batches": specs, "histogram": hist_state,
            "min": [search[0]], "max": [search[1]]}
    if configs:
        case["qparams"] = configs
    return case


def pytorch_fixture():
    ih = lambda seed, n, c, s, **kw: dict(kind="bell", seed=seed, count=n, center=c, scale=s, **kw)
    un = lambda seed, n, lo, hi, **kw: dict(kind="uniform", seed=seed, count=n, low=lo, high=hi,
                                              **kw)
    cu = lambda seed, n, c, s, **kw: dict(kind="cubic", seed=seed, count=n, center=c, scale=s,
                                          **kw)
    cases = [
        minmax_case("one bell batch", [ih(1, 500, 0.3, 1.1)]),
        minmax_case("three batches of mixed ranges",
                    [ih(2, 300, 0.0, 0.5), un(3, 200, -4.0, 1.0), ih(4, 300, 2.0, 0.25)]),
        minmax_case("positive only after relu", [ih(5, 400, 0.2, 1.0, relu=True)]),
        moving_average_case("moving average over four batches",
                            [ih(10 + i, 200, 0.1 * i, 1.0 + 0.3 * i) for i in range(4)], 0.01),
        moving_average_case("moving average with constant one half",
                            [un(20 + i, 150, -1.0 - i, 2.0 + 0.5 * i) for i in range(5)], 0.5),
        per_channel_case("per channel activations NCHW",
                         [ih(30, 2 * 3 * 4 * 5, 0.0, 1.0, shape=[2, 3, 4, 5]),
                          un(31, 2 * 3 * 4 * 5, -0.5, 3.0, shape=[2, 3, 4, 5])], axis=1),
        per_channel_case("per channel weights axis 0",
                         [ih(32, 4 * 3 * 3 * 3, 0.0, 0.2, shape=[4, 3, 3, 3])], axis=0),
        per_channel_case("moving average per channel",
                         [ih(33 + i, 2 * 4 * 3 * 3, 0.1 * i, 1.0 + i, shape=[2, 4, 3, 3])
                          for i in range(3)], axis=1, c=0.01),
        # Single batches with integer min and max: 1.13's search on its own histogram.
        histogram_case("histogram bell with integer ends",
                       [ih(40, 3000, 0.0, 0.9, append=[-3.0, 4.0])], merge25=False),
        histogram_case("histogram relu with outlier",
                       [ih(41, 3000, 0.3, 0.8, relu=True, append=[0.0, 12.0])], merge25=False),
        histogram_case("histogram heavy tail",
                       [dict(kind="cubic", seed=42, count=4000, center=0.0, scale=5.0,
                             append=[-5.0, 5.0])], merge25=False),
        histogram_case("histogram bell four bit",
                       [ih(43, 3000, 0.0, 0.9, append=[-3.0, 4.0])], merge25=False, dst_bits=4),
        # Multi-batch: the >= 2.5 merge.
        histogram_case("histogram merge of three growing batches",
                       [ih(50, 2000, 0.0, 0.5), ih(51, 2000, 0.5, 1.0), un(52, 1000, -3.0, 0.5)],
                       merge25=True),
        histogram_case("histogram merge with a batch inside the range",
                       [un(53, 2000, -2.0, 2.0), ih(54, 2000, 0.0, 0.4), ih(55, 500, 0.0, 0.3)],
                       merge25=True),
        histogram_case("histogram merge from a constant first batch",
                       [dict(kind="values", values=[0.75] * 64), ih(56, 1000, 0.5, 0.4)],
                       merge25=True),
        histogram_case("histogram merge of linspace batches",
                       [dict(kind="linspace", start=-1.0, stop=1.0, count=4001),
                        dict(kind="linspace", start=-2.0, stop=3.0, count=4001)], merge25=True),
        # 1.4M values: merges leave fractional counts whose float32 torch.sum (ATen's cascade sum,
        # 1399999.875) differs from the rounded double sum (1400000.0), which moves the search's
        # upper quantile threshold across a plateau of the cumulative sum (max 4.48239 vs 4.48458).
        histogram_case("histogram merge whose float32 total is not the rounded exact sum",
                       [cu(685, 400000, 0.2, 1.0, relu=True), cu(686, 400000, 0.3, 1.7, relu=True),
                        cu(687, 400000, 0.4, 2.9, relu=True), cu(687, 200000, 0.4, 4.1, relu=True)],
                       merge25=True),
    ]
    return {"source": "torch %s (Debian python3-torch), tools/make_observer_fixtures.py"
                      % torch.__version__, "cases": cases}


def merge_case(name, specs):
    """Every bin of HistogramObserver25's histogram after the batches, its search and qparams."""
    batches = [batch_array(s) for s in specs]
    case = {"name": name, "batches": specs, "qparams": []}
    for dtype_name, scheme_name, dtype, qscheme in QPARAM_CONFIGS:
        obs = HistogramObserver25(dtype=dtype, qscheme=qscheme)
        for b in batches:
            obs(torch.from_numpy(b))
        search = [f32(v) for v in obs._non_linear_param_search()]
        scale, zp = obs.calculate_qparams()
        case.update({"bins": obs.bins, "min": f32(obs.min_val), "max": f32(obs.max_val),
                     "counts": f32_list(obs.histogram), "search": search})
        case["qparams"].append({"dtype": dtype_name, "scheme": scheme_name,
                                "scale": f32(scale.reshape(-1)[0]),
                                "zero_point": int(zp.reshape(-1)[0])})
    return case


def merge_fixture():
    """The >= 2.5 merge bin by bin: growth on either side and both, tiny ranges, one-value starts.

    Each case merges a few times, and the merge's linspace edges and fine mid-points decide to
    the ulp which bin each sixteenth of an old bin lands in.
    """
    ih = lambda seed, n, c, s, **kw: dict(kind="bell", seed=seed, count=n, center=c, scale=s, **kw)
    un = lambda seed, n, lo, hi, **kw: dict(kind="uniform", seed=seed, count=n, low=lo, high=hi,
                                              **kw)
    cu = lambda seed, n, c, s, **kw: dict(kind="cubic", seed=seed, count=n, center=c, scale=s,
                                          **kw)
    const = lambda v, n: dict(kind="values", values=[v] * n)
    cases = []
    for seed in (101, 202, 303, 404):
        # Growth on the right, on the left, none, then on both sides at once.
        cases.append(merge_case(
            "growth on both sides seed %d" % seed,
            [ih(seed, 1500, 0.1, 0.4), un(seed + 1, 800, -0.3, 1.7), cu(seed + 2, 1200, -0.5, 2.0),
             ih(seed + 3, 600, 0.0, 0.3), un(seed + 4, 400, -3.1, 2.9)]))
    cases.append(merge_case(
        "eight alternating growths seed 505",
        [ih(505 + i, 700, 0.25 * (-1) ** i * i, 0.3 + 0.2 * i) for i in range(8)]))
    # Sixteen batches like a calibration run: 7 bins come out differently with a linspace rounded
    # twice (start + step * i in two steps), and the search then ends at another range.
    cases.append(merge_case(
        "sixteen bell batches whose merge decides the search",
        [ih(9220 + b, 8000 + 700 * ((7 * b + 11) % 13), 0.05 * ((5 * b + 11) % 9 - 4),
            1.0 + 0.04 * ((3 * b + 11) % 11)) for b in range(16)]))
    # Tiny ranges: about twenty ulps near 1000 (ulp 6.1e-5), three ulps near 1, 6e-7 near 0.
    cases.append(merge_case(
        "tiny range near one thousand",
        [un(606, 500, 1000.0, 1000.0005), un(607, 500, 999.9998, 1000.0009),
         un(608, 300, 999.9995, 1000.0002)]))
    cases.append(merge_case(
        "three ulps near one",
        [dict(kind="values", values=[1.0, 1.0000001192092896, 1.0, 1.0]),
         dict(kind="values", values=[0.9999999403953552, 1.0000002384185791, 1.0])]))
    cases.append(merge_case(
        "tiny range near zero",
        [ih(609, 800, 1e-7, 2e-8), ih(610, 800, 1.5e-7, 5e-8), cu(611, 400, 0.0, 3e-7)]))
    # One-value histograms: the whole count moves into the bin of that value.
    cases.append(merge_case(
        "one value then growth on both sides",
        [const(0.75, 64), ih(612, 1000, 0.5, 0.4), un(613, 500, -1.0, 2.0)]))
    cases.append(merge_case(
        "one value twice then another value",
        [const(-2.5, 30), const(-2.5, 20), const(3.25, 10), ih(614, 500, 0.0, 1.0)]))
    return {"source": "HistogramObserver25 (PyTorch >= 2.5 merge) on torch %s, "
                      "tools/make_observer_fixtures.py" % torch.__version__, "cases": cases}


def compact_number_lists(text):
    """json.dumps(indent=1) with lists of plain numbers on one line."""
    return re.sub(r"\[\s*(-?[0-9][-0-9.e+]*(?:,\s*-?[0-9][-0-9.e+]*)*)\s*\]",
                  lambda m: "[" + re.sub(r"\s+", "", m.group(1)) + "]", text)


# ---------------------------------------------------------------------------------------------
# ONNX Runtime calibrate.py HistogramCollector (numpy transcription, numpy %s)
# ---------------------------------------------------------------------------------------------
class OrtHistograms:
    """One tensor's HistogramCollector state, fed one batch per collect() call."""

    def __init__(self, method, symmetric, num_bins):
        self.method = method
        self.symmetric = symmetric
        self.num_bins = num_bins
        self.state = None

    def collect(self, arr):
        arr = np.asarray(arr).flatten()
        if self.method == "entropy" or not self.symmetric:
            self._collect_value(arr)
        else:
            self._collect_absolute_value(arr)

    def _collect_absolute_value(self, arr):
        if arr.size > 0:
            lo, hi = np.min(arr), np.max(arr)
        else:
            lo, hi = 0, 0
        arr = np.absolute(arr)
        if self.state is None:
            hist, edges = np.histogram(arr, bins=self.num_bins)
            self.state = (hist, edges.astype(arr.dtype), lo, hi)
            return
        old_hist, old_edges, old_lo, old_hi = self.state
        amax = np.max(arr)
        if amax > old_edges[-1]:
            width = old_edges[1] - old_edges[0]
            extra = np.arange(old_edges[-1] + width, amax + width, width)
            old_edges = np.hstack((old_edges, extra))
        hist, edges = np.histogram(arr, bins=old_edges)
        hist[: len(old_hist)] += old_hist
        self.state = (hist, edges.astype(arr.dtype), min(old_lo, lo), max(old_hi, hi))

    def _collect_value(self, arr):
        if arr.size > 0:
            lo, hi = np.min(arr), np.max(arr)
        else:
            lo, hi = np.array(0, dtype=arr.dtype), np.array(0, dtype=arr.dtype)
        th = max(abs(lo), abs(hi))
        if self.state is None:
            hist, edges = np.histogram(arr, self.num_bins, range=(-th, th))
            self.state = (hist, edges, lo, hi, th)
            return
        old_hist, old_edges, old_lo, old_hi, old_th = self.state
        if th <= old_th:
            hist, _ = np.histogram(arr, len(old_hist), range=(-old_th, old_th))
            self.state = (hist + old_hist, old_edges, min(old_lo, lo), max(old_hi, hi), old_th)
            return
        if old_th == 0:
            hist, edges = np.histogram(arr, len(old_hist), range=(-th, th))
            hist += old_hist
        else:
            n_old = len(old_hist)
            stride = 2 * old_th / n_old
            half = int((th - old_th) // stride + 1)
            n_new = n_old + 2 * half
            th = half * stride + old_th
            hist, edges = np.histogram(arr, n_new, range=(-th, th))
            hist[half: n_new - half] += old_hist
        self.state = (hist, edges, min(old_lo, lo), max(old_hi, hi), th)

    def percentile(self, percentile):
        hist, edges, lo, hi = self.state[:4]
        total = hist.sum()
        cdf = np.cumsum(hist / total)
        if self.symmetric:
            i = np.searchsorted(cdf, percentile / 100.0)
            t = (-np.array(edges[i], dtype=edges.dtype), np.array(edges[i], dtype=edges.dtype))
        else:
            cut = (100.0 - percentile) / 200.0
            t = (np.array(edges[np.searchsorted(cdf, cut)], dtype=edges.dtype),
                 np.array(edges[np.searchsorted(cdf, 1.0 - cut)], dtype=edges.dtype))
        if t[0] < lo:
            t = (lo, t[1])
        if t[1] > hi:
            t = (t[0], hi)
        return t

    def entropy(self, num_quantized_bins):
        hist, edges, lo, hi = self.state[:4]
        n = hist.size
        zero = n // 2
        half_q = num_quantized_bins // 2
        kl = np.zeros(zero - half_q + 1)
        thresholds = [(0, 0)] * kl.size
        for i in range(half_q, zero + 1):
            s = zero - i
            e = min(zero + i + 1, n)
            thresholds[i - half_q] = (float(edges[s]), float(edges[e]))
            sliced = hist[s:e].copy()
            p = sliced.copy()
            p[0] += sum(hist[:s])
            p[-1] += sum(hist[e:])
            nonzeros = (p != 0).astype(np.int64)
            qbins = np.zeros(num_quantized_bins, dtype=np.int64)
            m = sliced.size // num_quantized_bins
            for k in range(num_quantized_bins):
                qbins[k] = sum(sliced[k * m:(k + 1) * m])
            qbins[-1] += sum(sliced[num_quantized_bins * m:])
            q = np.zeros(p.size, dtype=np.int64)
            for k in range(num_quantized_bins):
                norm = sum(nonzeros[k * m:(k + 1) * m])
                if norm != 0:
                    q[k * m:(k + 1) * m] = float(qbins[k]) / float(norm)
            p = smooth_distribution(p)
            q = smooth_distribution(q)
            kl[i - half_q] = scipy_entropy(p, q) if isinstance(q, np.ndarray) else float("inf")
        best = thresholds[int(np.argmin(kl))]
        if best[0] < lo:
            best = (lo, best[1])
        if best[1] > hi:
            best = (best[0], hi)
        return best, kl


def smooth_distribution(p, eps=0.0001):
    """quant_utils.smooth_distribution: zeros get eps, non-zeros give it back (float32)."""
    is_zeros = (p == 0).astype(np.float32)
    is_nonzeros = (p != 0).astype(np.float32)
    n_zeros = is_zeros.sum()
    n_nonzeros = p.size - n_zeros
    if not n_nonzeros:
        return None
    eps1 = eps * float(n_zeros) / float(n_nonzeros)
    assert eps1 < 1.0
    hist = p.astype(np.float32)
    hist += eps * is_zeros + (-eps1) * is_nonzeros
    assert (hist <= 0).sum() == 0
    return hist


def scipy_entropy(pk, qk):
    """scipy.stats.entropy(pk, qk) on float32 arrays."""
    pk = 1.0 * pk / np.sum(pk, keepdims=True)
    qk = 1.0 * qk / np.sum(qk, keepdims=True)
    vec = np.empty(pk.size, dtype=np.float32)
    for j, (x, y) in enumerate(zip(pk.tolist(), qk.tolist())):
        if x > 0 and y > 0:
            vec[j] = x * math.log(x / y)
        elif x == 0 and y >= 0:
            vec[j] = 0.0
        else:
            vec[j] = float("inf")
    return np.sum(vec)


def ort_case(name, specs, method, symmetric, num_bins, percentile=None, quantized_bins=None):
    batches = [generate(s) for s in specs]
    h = OrtHistograms(method, symmetric, num_bins)
    for b in batches:
        h.collect(b)
    hist = h.state[0]
    case = {"name": name, "observer": method, "symmetric": symmetric, "num_bins": num_bins,
            "batches": specs,
            "histogram": {"bins": int(hist.size), "total": int(hist.sum()),
                          "first_edge": f32(h.state[1][0]), "last_edge": f32(h.state[1][-1]),
                          "first_moment": int((hist * np.arange(hist.size)).sum())}}
    if method == "percentile":
        lo, hi = h.percentile(percentile)
        case["percentile"] = percentile
    else:
        (lo, hi), kl = h.entropy(quantized_bins)
        case["quantized_bins"] = quantized_bins
        case["best_kl"] = float(np.min(kl))
    case["min"], case["max"] = [f32(lo)], [f32(hi)]
    return case


def ort_fixture():
    ih = lambda seed, n, c, s, **kw: dict(kind="bell", seed=seed, count=n, center=c, scale=s, **kw)
    un = lambda seed, n, lo, hi, **kw: dict(kind="uniform", seed=seed, count=n, low=lo, high=hi,
                                              **kw)
    spec16 = dict(kind="values", values=[-3.9, -.6, -.4, -.3, -.2, -.1, 0, .05, .1, .2, .25, .3,
                                          .5, .7, 1.1, 1.3])
    growing = [ih(60, 3000, 0.0, 0.5), ih(61, 3000, 0.2, 1.5), un(62, 1000, -0.5, 0.1),
               dict(kind="cubic", seed=63, count=2000, center=0.0, scale=6.0)]
    relu = [ih(64, 3000, 0.5, 1.0, relu=True), ih(65, 3000, 0.8, 1.2, relu=True)]
    cases = [
        ort_case("percentile of the section 2.6 example", [spec16], "percentile", True, 8, 90.0),
        ort_case("percentile symmetric default bins", [ih(66, 5000, 0.1, 1.0)], "percentile",
                 True, 2048, 99.99),
        ort_case("percentile symmetric growing batches", growing, "percentile", True, 2048,
                 99.9),
        ort_case("percentile symmetric relu batches", relu, "percentile", True, 2048, 99.0),
        ort_case("percentile asymmetric growing batches", growing, "percentile", False, 2048,
                 99.9),
        ort_case("percentile asymmetric heavy tail",
                 [dict(kind="cubic", seed=67, count=5000, center=0.5, scale=3.0)], "percentile",
                 False, 2048, 99.99),
        ort_case("entropy of the section 2.5 example", [spec16], "entropy", False, 16,
                 quantized_bins=4),
        ort_case("entropy default bins is the full range", growing, "entropy", False, 128,
                 quantized_bins=128),
        ort_case("entropy 128 bins 32 levels", growing, "entropy", False, 128, quantized_bins=32),
        ort_case("entropy 2048 bins 128 levels heavy tail",
                 [dict(kind="cubic", seed=68, count=6000, center=0.0, scale=4.0)], "entropy",
                 False, 2048, quantized_bins=128),
        ort_case("entropy 2048 bins 128 levels growing", growing, "entropy", False, 2048,
                 quantized_bins=128),
    ]
    return {"source": "numpy %s transcription of onnxruntime calibrate.py HistogramCollector, "
                      "tools/make_observer_fixtures.py" % np.__version__, "cases": cases}


# ---------------------------------------------------------------------------------------------
# TensorRT entropy calibration (GTC 2017 slides), on ORT's |x| histogram
# ---------------------------------------------------------------------------------------------
def tensorrt_threshold(hist, edges, levels):
    """argmin over i in [levels, n) of KL(P_i || Q_i); threshold = edges[0] + (m + 0.5) * width."""
    n = hist.size
    width = float(edges[1]) - float(edges[0])
    best_i, best_kl = None, math.inf
    for i in range(levels, n):
        p = hist[:i].astype(np.float64)
        p[i - 1] += hist[i:].sum()
        q = np.zeros(i)
        for k in range(levels):
            # Bin j belongs to level floor(j * levels / i), as pytorch-quantization's digitize.
            lo, hi = -((-k * i) // levels), -((-(k + 1) * i) // levels)
            group = hist[lo:hi]
            nonempty = np.count_nonzero(group)
            if nonempty:
                q[lo:hi] = np.where(group != 0, group.sum() / nonempty, 0.0)
        ps, qs = p.sum(), q.sum()
        kl = 0.0
        for pj, qj in zip(p / ps, q / qs):
            if pj > 0:
                kl = math.inf if qj == 0 else kl + pj * math.log(pj / qj)
        if kl < best_kl:
            best_i, best_kl = i, kl
    if best_i is None:
        return float(edges[-1]), math.inf
    return float(edges[0]) + (best_i + 0.5) * width, best_kl


def tensorrt_fixture():
    ih = lambda seed, n, c, s, **kw: dict(kind="bell", seed=seed, count=n, center=c, scale=s, **kw)
    cases = []
    for name, specs, bits in [
            ("tensorrt bell with outliers", [ih(70, 6000, 0.0, 1.0, append=[9.0, -7.5])], 8),
            ("tensorrt relu two batches",
             [ih(71, 4000, 0.4, 1.0, relu=True), ih(72, 4000, 0.6, 1.5, relu=True)], 8),
            ("tensorrt heavy tail",
             [dict(kind="cubic", seed=73, count=6000, center=0.0, scale=8.0)], 8)]:
        h = OrtHistograms("percentile", True, 2048)
        for s in specs:
            h.collect(generate(s))
        hist, edges = h.state[0], h.state[1]
        t, kl = tensorrt_threshold(hist, edges, 2 ** (bits - 1))
        cases.append({"name": name, "observer": "entropy", "variant": "tensorrt", "bits": bits,
                      "batches": specs, "best_kl": kl, "min": [f32(-t)], "max": [f32(t)]})
    return {"source": "numpy transcription of the TensorRT entropy calibration (GTC 2017 slides), "
                      "tools/make_observer_fixtures.py", "cases": cases}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="tests/data/quant/observers")
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    for file_name, make in [("pytorch_observers.json", pytorch_fixture),
                            ("onnxruntime_calibrators.json", ort_fixture),
                            ("tensorrt_entropy.json", tensorrt_fixture),
                            ("torch_histogram_merge.json", merge_fixture)]:
        path = os.path.join(args.out, file_name)
        text = json.dumps(make(), indent=1)
        if file_name == "torch_histogram_merge.json":
            text = compact_number_lists(text)
        with open(path, "w") as f:
            f.write(text + "\n")
        print("wrote %s (%d bytes)" % (path, os.path.getsize(path)), file=sys.stderr)


if __name__ == "__main__":
    main()
