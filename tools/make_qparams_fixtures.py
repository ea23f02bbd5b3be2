#!/usr/bin/python3
"""Regenerates the quantization-parameter fixtures under tests/data/quant/.

The PyTorch fixtures come from the real torch.ao.quantization observers (MinMaxObserver,
PerChannelMinMaxObserver: their calculate_qparams() after a forward() over crafted data whose
min/max are the wanted range) and the real torch.fake_quantize_per_{tensor,channel}_affine kernels.
The ONNX Runtime fixtures come from a line-by-line numpy transcription of
onnxruntime/python/tools/quantization/quant_utils.py (get_qmin_qmax_for_qType, compute_scale_zp,
quantize_nparray), as ONNX Runtime is not installed (REFERENCE-SEMANTICS.md §2.1-2.2).

Debian's python3-torch (1.13) imports only under Debian's interpreter, so run from the repository
root:  /usr/bin/python3 tools/make_qparams_fixtures.py
"""

import argparse
import json
import pathlib
import warnings

import numpy as np
import torch
from torch.ao.quantization.observer import MinMaxObserver, PerChannelMinMaxObserver

F32 = np.float32

# Ranges (min, max) as float32, named for the edge case they exercise.
RANGES = [
    ("typical", -1.0, 2.0),
    ("asymmetric_negative", -3.7, 0.3),
    ("mostly_positive", -0.001, 0.5),
    ("all_zeros", 0.0, 0.0),
    ("constant_positive", 2.5, 2.5),
    ("constant_negative", -2.5, -2.5),
    ("positive_only", 0.5, 3.0),
    ("negative_only", -3.0, -1.0),
    ("huge_outlier", -0.01, 1.0e4),
    ("huge_negative_outlier", -65504.0, 0.003),
    ("very_wide", -1.0e20, 1.0e20),
    ("tiny_positive", 1.0e-8, 2.0e-8),
    ("tiny_negative", -1.0e-6, -1.0e-7),
    ("tiny_around_zero", -3.0e-7, 5.0e-7),
    ("small_positive", 0.0, 1.0e-5),
    ("subnormal", -1.0e-40, 1.0e-40),
    ("zero_point_tie", -0.25, 0.5),
    ("relu6", 0.0, 6.0),
]


def random_ranges(count, seed):
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        magnitude = 10.0 ** rng.uniform(-4, 3)
        lo, hi = sorted(rng.normal(0.0, magnitude, size=2))
        out.append((f"random_{i}", float(lo), float(hi)))
    return out


ALL_RANGES = RANGES + random_ranges(6, seed=13)

# PyTorch configurations: the QuantLens scheme (quant_dtype, custom range) and how PyTorch expresses
# it (torch dtype with quant_min/quant_max for the 4-bit, N-bit and 16-bit widths).
TORCH_CONFIGS = [
    # quant_dtype, torch dtype, custom range in QuantLens, torch quant_min/max
    ("int8", torch.qint8, None, None),
    ("uint8", torch.quint8, None, None),
    ("int8", torch.qint8, (-127, 127), (-127, 127)),
    ("uint8", torch.quint8, (0, 127), (0, 127)),
    ("uint8", torch.quint8, (0, 255), (0, 255)),
    ("int4", torch.qint8, None, (-8, 7)),
    ("uint4", torch.quint8, None, (0, 15)),
    ("int3", torch.qint8, None, (-4, 3)),
    ("int6", torch.qint8, None, (-32, 31)),
    ("uint2", torch.quint8, None, (0, 3)),
    ("uint6", torch.quint8, None, (0, 63)),
    ("int12", torch.qint32, None, (-2048, 2047)),
    ("int16", torch.qint32, None, (-32768, 32767)),
]


def f32(value):
    """A float32 value as the Python float whose repr is float32's shortest decimal ("0.011764706").

    Readers parse it to the nearest double and round that to float32, which gives back exactly the
    float32 value (checked here), so the fixtures stay short and exact.
    """
    exact = F32(value)
    short = float(str(exact))
    assert F32(short) == exact or (np.isnan(exact) and np.isnan(short)), value
    return short


def f32_list(values):
    return [f32(v) for v in values]


def torch_scheme(symmetric, per_channel):
    if per_channel:
        return torch.per_channel_symmetric if symmetric else torch.per_channel_affine
    return torch.per_tensor_symmetric if symmetric else torch.per_tensor_affine


def make_observer(cls, dtype, symmetric, reduce_range, torch_range, per_channel):
    kwargs = dict(dtype=dtype, qscheme=torch_scheme(symmetric, per_channel), reduce_range=reduce_range)
    if torch_range is not None:
        kwargs["quant_min"], kwargs["quant_max"] = torch_range
    if per_channel:
        kwargs["ch_axis"] = 0
    return cls(**kwargs)


def scheme_json(quant_dtype, symmetric, reduce_range, custom):
    return {
        "quant_dtype": quant_dtype,
        "symmetric": symmetric,
        "reduce_range": reduce_range,
        "custom_range": list(custom) if custom is not None else None,
    }


def pytorch_qparams_cases():
    """Per scheme: [scale, zero_point] for every range of ALL_RANGES, plus the uninitialised case."""
    cases = []
    for quant_dtype, dtype, custom, torch_range in TORCH_CONFIGS:
        for symmetric in (False, True):
            for reduce_range in (False, True):
                # PyTorch 2.x ignores reduce_range for int16; 1.13 has no int16 dtype to check it on.
                if quant_dtype == "int16" and reduce_range:
                    continue
                case = scheme_json(quant_dtype, symmetric, reduce_range, custom)
                try:
                    obs = make_observer(MinMaxObserver, dtype, symmetric, reduce_range, torch_range, False)
                except NotImplementedError as error:
                    cases.append(dict(case, error=" ".join(str(error).split())))
                    continue
                case["quant_range"] = [obs.quant_min, obs.quant_max]
                scale, zero_point = obs.calculate_qparams()  # an observer that never saw data
                case["uninitialised"] = [f32(scale[0]), int(zero_point[0])]
                case["qparams"] = []
                for _, lo, hi in ALL_RANGES:
                    obs = make_observer(MinMaxObserver, dtype, symmetric, reduce_range, torch_range, False)
                    obs(torch.tensor([lo, hi], dtype=torch.float32))
                    assert F32(float(obs.min_val)) == F32(lo) and F32(float(obs.max_val)) == F32(hi)
                    scale, zero_point = obs.calculate_qparams()
                    case["qparams"].append([f32(scale[0]), int(zero_point[0])])
                cases.append(case)
    return cases


def pytorch_per_channel_cases():
    """Every range of ALL_RANGES as one channel (row) of a PerChannelMinMaxObserver(ch_axis=0)."""
    cases = []
    rows = torch.tensor([[lo, hi] for _, lo, hi in ALL_RANGES], dtype=torch.float32)
    for quant_dtype, dtype, custom, torch_range in TORCH_CONFIGS[:7]:
        for symmetric in (False, True):
            obs = make_observer(PerChannelMinMaxObserver, dtype, symmetric, False, torch_range, True)
            obs(rows)
            scale, zero_point = obs.calculate_qparams()
            cases.append(dict(scheme_json(quant_dtype, symmetric, False, custom),
                              quant_range=[obs.quant_min, obs.quant_max],
                              scales=f32_list(scale), zero_points=[int(v) for v in zero_point]))
    return cases


def ranges_json():
    return [[name, f32(lo), f32(hi)] for name, lo, hi in ALL_RANGES]


def fake_quant_inputs(scale, zero_point, qmin, qmax, rng, count=16):
    """Values across and beyond the representable range, and values at (or next to) ties."""
    lo = (qmin - zero_point) * scale
    hi = (qmax - zero_point) * scale
    span = hi - lo
    x = list(rng.uniform(lo - 0.1 * span, hi + 0.1 * span, size=count))
    k = rng.integers(qmin - zero_point, qmax - zero_point, size=6)
    x += [(int(v) + 0.5) * scale for v in k]
    x += [lo, hi, 0.0, -0.0]
    return [f32(v) for v in x]


def pytorch_fake_quant_cases():
    rng = np.random.default_rng(7)
    cases = []
    picks = [("int8", True, False, "typical"), ("uint8", False, False, "typical"),
             ("int8", False, True, "asymmetric_negative"), ("uint8", False, True, "relu6"),
             ("int4", True, False, "random_3"), ("uint4", False, False, "zero_point_tie"),
             ("uint8", True, False, "huge_outlier"), ("int16", True, False, "random_5"),
             ("int3", False, False, "negative_only")]
    by_key = {(c["quant_dtype"], c["symmetric"], c["reduce_range"]): c
              for c in PYTORCH_QPARAMS if "error" not in c and c["custom_range"] is None}
    range_index = {name: i for i, (name, _, _) in enumerate(ALL_RANGES)}
    for quant_dtype, symmetric, reduce_range, range_name in picks:
        config = by_key[(quant_dtype, symmetric, reduce_range)]
        scale, zero_point = config["qparams"][range_index[range_name]]
        qmin, qmax = config["quant_range"]
        x = fake_quant_inputs(scale, zero_point, qmin, qmax, rng)
        y = torch.fake_quantize_per_tensor_affine(torch.tensor(x, dtype=torch.float32), scale,
                                                  zero_point, qmin, qmax)
        cases.append(dict(scheme_json(quant_dtype, symmetric, reduce_range, None), range=range_name,
                          scale=scale, zero_point=zero_point, quant_range=[qmin, qmax],
                          x=x, y=f32_list(y)))
    # Exact ties with power-of-two scales (REFERENCE-SEMANTICS §1.5: RNE, 42.5 -> 42).
    for scale, zero_point, qmin, qmax in ((1.0, 0, -128, 127), (0.5, 3, 0, 255), (0.25, -5, -8, 7)):
        x = [f32((k + 0.5) * scale) for k in range(-12, 12)]
        y = torch.fake_quantize_per_tensor_affine(torch.tensor(x), scale, zero_point, qmin, qmax)
        cases.append(dict(scale=scale, zero_point=zero_point, quant_range=[qmin, qmax], x=x,
                          y=f32_list(y), range="exact_ties"))
    return cases


def pytorch_per_channel_fake_quant_cases():
    rng = np.random.default_rng(11)
    cases = []
    for shape, axis, qmin, qmax in (((2, 3, 4), 1, -128, 127), ((3, 5), 0, 0, 255), ((4, 3), 1, 0, 15)):
        x = torch.tensor(rng.normal(0.0, 1.0, size=shape).astype(F32))
        channels = shape[axis]
        scales = torch.tensor(rng.uniform(0.005, 0.05, size=channels).astype(F32))
        if qmin < 0:
            zero_points = torch.zeros(channels, dtype=torch.int32)
        else:
            zero_points = torch.tensor(rng.integers(qmin, qmax, size=channels), dtype=torch.int32)
        y = torch.fake_quantize_per_channel_affine(x, scales, zero_points, axis, qmin, qmax)
        cases.append(dict(shape=list(shape), axis=axis, quant_range=[qmin, qmax],
                          scales=f32_list(scales), zero_points=[int(v) for v in zero_points],
                          x=f32_list(x.flatten()), y=f32_list(y.flatten())))
    return cases


# ---- ONNX Runtime: numpy transcription of quant_utils.py -------------------------------------

ORT_TYPES = {
    # name: (numpy base type, full, symmetric, reduced)   (get_qmin_qmax_for_qType's tables)
    "uint8": (np.uint8, (0, 255), (0, 254), (0, 127)),
    "int8": (np.int8, (-128, 127), (-127, 127), (-64, 64)),
    "uint16": (np.uint16, (0, 65535), (0, 65534), (0, 32767)),
    "int16": (np.int16, (-32768, 32767), (-32767, 32767), (-16384, 16384)),
    "uint4": (np.uint8, (0, 15), None, (0, 7)),
    "int4": (np.int8, (-8, 7), None, (-4, 3)),
}


def ort_get_qmin_qmax(name, reduce_range, symmetric):
    base, full, sym, reduced = ORT_TYPES[name]
    if reduce_range:
        qrange = reduced
    elif symmetric and sym is not None:
        qrange = sym
    else:
        qrange = full
    return np.array(qrange[0], dtype=base), np.array(qrange[1], dtype=base)


def ort_compute_scale_zp(rmin, rmax, qmin, qmax, symmetric=False, min_real_range=None):
    rmin = np.minimum(rmin, np.array(0, dtype=rmin.dtype))
    rmax = np.maximum(rmax, np.array(0, dtype=rmax.dtype))
    if min_real_range is not None:
        rmax = max(rmax, rmin + np.asarray(min_real_range, dtype=rmin.dtype))
    if symmetric:
        absmax = np.maximum(np.abs(rmin), np.abs(rmax))
        rmin = -absmax
        rmax = +absmax
    dr = np.array(rmax - rmin, dtype=np.float64)
    dq = np.array(qmax, dtype=np.float64) - np.array(qmin, dtype=np.float64)
    scale = np.array(dr / dq)
    if scale < np.finfo(rmax.dtype).tiny:
        scale = np.array(1.0, dtype=rmax.dtype)
        zero_point = np.array(0, dtype=qmin.dtype)
    else:
        if symmetric:
            zero_point = np.array(np.round((qmin + qmax) / np.array(2.0, dtype=np.float64)), dtype=qmin.dtype)
        else:
            zero_point = np.array(np.round(qmin - rmin / scale), dtype=qmin.dtype)
        scale = scale.astype(rmax.dtype)
    return zero_point, scale


def ort_quantize_nparray(name, arr, scale, zero_point):
    base, full, _, _ = ORT_TYPES[name]
    arr_fp32 = np.asarray((arr.astype(np.float32) / scale).round() + zero_point)
    np.clip(arr_fp32, full[0], full[1], out=arr_fp32)
    return arr_fp32.astype(base)


def onnxruntime_cases():
    """Per type/symmetric/reduce_range: [scale, zero_point] for every range of ALL_RANGES."""
    cases = []
    for name in ORT_TYPES:
        for symmetric in (False, True):
            for reduce_range in (False, True):
                qmin, qmax = ort_get_qmin_qmax(name, reduce_range, symmetric)
                results = []
                for _, lo, hi in ALL_RANGES:
                    zero_point, scale = ort_compute_scale_zp(F32(lo), F32(hi), qmin, qmax, symmetric)
                    results.append([f32(scale), int(zero_point)])
                cases.append(dict(scheme_json(name, symmetric, reduce_range, None),
                                  quant_range=[int(qmin), int(qmax)], qparams=results))
    return cases


def onnxruntime_min_real_range_cases():
    """ORT's MinimumRealRange option on ranges narrower than it."""
    cases = []
    for lo, hi in ((1e-8, 2e-8), (0.0, 0.0), (-1.0, 2.0), (-3e-5, 1e-5)):
        for symmetric in (False, True):
            qmin, qmax = ort_get_qmin_qmax("uint8", False, symmetric)
            zero_point, scale = ort_compute_scale_zp(F32(lo), F32(hi), qmin, qmax, symmetric, min_real_range=1e-4)
            cases.append(dict(scheme_json("uint8", symmetric, False, None), min_real_range=1e-4,
                              min=f32(lo), max=f32(hi), scale=f32(scale), zero_point=int(zero_point)))
    return cases


def onnxruntime_quantize_cases():
    """quantize_nparray codes (x / scale, RNE, + zp, clipped to the full type range)."""
    rng = np.random.default_rng(5)
    cases = []
    for name, symmetric, reduce_range, (lo, hi) in (("uint8", False, False, (-1.0, 2.0)),
                                                    ("int8", True, False, (-3.7, 0.3)),
                                                    ("int8", False, True, (-0.25, 0.5)),
                                                    ("uint8", True, False, (0.5, 3.0)),
                                                    ("int16", True, False, (-65504.0, 0.003)),
                                                    ("uint4", False, False, (-1.0, 2.0)),
                                                    ("int4", True, True, (-3.0, -1.0))):
        qmin, qmax = ort_get_qmin_qmax(name, reduce_range, symmetric)
        zero_point, scale = ort_compute_scale_zp(F32(lo), F32(hi), qmin, qmax, symmetric)
        x = rng.uniform(lo * 1.3 - 0.01, hi * 1.3 + 0.01, size=14).astype(F32)
        ties = (np.arange(-3, 3) + np.float64(0.5)) * np.float64(scale)
        x = np.concatenate([x, ties.astype(F32), np.array([lo, hi, 0.0], dtype=F32)])
        codes = ort_quantize_nparray(name, x, scale, zero_point)
        cases.append(dict(scheme_json(name, symmetric, reduce_range, None), min=f32(lo), max=f32(hi),
                          scale=f32(scale), zero_point=int(zero_point), x=f32_list(x),
                          codes=[int(v) for v in codes]))
    return cases


def write_json(path, payload):
    path.write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="tests/data/quant", help="output folder (default: %(default)s)")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    warnings.filterwarnings("ignore")  # reduce_range deprecation notices

    global PYTORCH_QPARAMS
    PYTORCH_QPARAMS = pytorch_qparams_cases()
    source = f"torch {torch.__version__} (Debian python3-torch), tools/make_qparams_fixtures.py"
    write_json(out / "pytorch_qparams.json", {
        "source": source + ": MinMaxObserver / PerChannelMinMaxObserver .calculate_qparams()",
        "ranges": ranges_json(),
        "per_tensor": PYTORCH_QPARAMS,
        "per_channel": pytorch_per_channel_cases(),
    })
    write_json(out / "pytorch_fake_quant.json", {
        "source": source + ": torch.fake_quantize_per_tensor_affine / per_channel_affine",
        "per_tensor": pytorch_fake_quant_cases(),
        "per_channel": pytorch_per_channel_fake_quant_cases(),
    })
    write_json(out / "onnxruntime_qparams.json", {
        "source": "numpy transcription of onnxruntime quant_utils.py (get_qmin_qmax_for_qType, "
                  "compute_scale_zp, quantize_nparray), tools/make_qparams_fixtures.py",
        "ranges": ranges_json(),
        "per_tensor": onnxruntime_cases(),
        "min_real_range": onnxruntime_min_real_range_cases(),
        "quantize": onnxruntime_quantize_cases(),
    })


if __name__ == "__main__":
    main()
