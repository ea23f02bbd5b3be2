// Runs the FP32 demo model and QuantLens's QDQ exports in ONNX Runtime (onnxruntime-node) and compares
// them with QuantLens's own outputs; measures ONNX Runtime's single-thread latency. Exits non-zero
// when a check fails. Results go to RUN/results.json.
//   node ort_compare.js FP32_MODEL RUN VARIANT:MODE...
// MODE is the graph optimization level the export is checked at: "all" (how it is deployed: ONNX
// Runtime fuses QDQ into integer kernels) or "disabled" (the graph run as written) for exports whose
// float weights or biases ONNX Runtime's optimizer would quantize on its own (NF4 weights, FP8 float
// biases: its WeightBiasQuantization pass), which changes what they compute.
// RUN holds batch/input_0.pb and batch/labels.json (the demo images as one batch), fp32/ours/output_0.pb
// (quantlens-cli run), and per VARIANT: model.onnx (quantize --export-onnx), fakequant/output_0.pb
// (quantize --tensors --save-outputs: the fake-quant model QuantLens simulates), quantize.json, and,
// when QuantLens could load the export again, ours/output_0.pb (quantlens-cli run on the export).
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const kFp32Tolerance = 1e-4;     // ORT FP32 vs QuantLens FP32, absolute
const kTop1Tolerance = 0.1;      // percentage points
// Quantized outputs must agree within one step of the output's quantization. Two runtimes' float
// convolutions differ in the last bits, which now and then moves an intermediate activation across a
// rounding boundary; that step, propagated, can reach two output steps. At most this fraction of the
// output values may do so, none further.
const kTwoStepFraction = 1e-3;
const kLatencyRuns = 200;        // median of this many single-image runs
const kWarmupRuns = 20;

// A serialized ONNX TensorProto with float32 raw_data (what QuantLens writes): field 1 dims (varint,
// packed or not), 2 data_type, 8 name, 9 raw_data.
function readTensorProto(file) {
  const buf = fs.readFileSync(file);
  let pos = 0;
  const varint = (bytes) => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      value |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return value;
      shift += 7n;
    }
  };
  const dims = [];
  let dataType = 0;
  let raw = null;
  let name = '';
  while (pos < buf.length) {
    const key = Number(varint(buf));
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) {
      const v = varint(buf);
      if (field === 1) dims.push(Number(v));
      else if (field === 2) dataType = Number(v);
    } else if (wire === 2) {
      const length = Number(varint(buf));
      const slice = buf.subarray(pos, pos + length);
      if (field === 1) {  // packed dims
        const end = pos + length;
        while (pos < end) dims.push(Number(varint(buf)));
      } else {
        pos += length;
        if (field === 8) name = slice.toString('utf8');
        else if (field === 9) raw = slice;
      }
    } else if (wire === 5) {
      pos += 4;
    } else if (wire === 1) {
      pos += 8;
    } else {
      throw new Error(`${file}: unexpected protobuf wire type ${wire}`);
    }
  }
  if (dataType !== 1 || !raw) throw new Error(`${file}: expected float32 raw_data, got data_type ${dataType}`);
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
  return { name, dims, data };
}

function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; ++i) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function countAbove(a, b, limit) {
  let n = 0;
  for (let i = 0; i < a.length; ++i) if (Math.abs(a[i] - b[i]) > limit) ++n;
  return n;
}

function argmaxRows(data, classes) {
  const result = [];
  for (let r = 0; r < data.length / classes; ++r) {
    let best = 0;
    for (let c = 1; c < classes; ++c) if (data[r * classes + c] > data[r * classes + best]) best = c;
    result.push(best);
  }
  return result;
}

function top1(predictions, labels) {
  let correct = 0;
  predictions.forEach((p, i) => { if (p === labels[i]) ++correct; });
  return (100 * correct) / labels.length;
}

function agreement(a, b) {
  let same = 0;
  a.forEach((p, i) => { if (p === b[i]) ++same; });
  return (100 * same) / a.length;
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function createSession(model, optimized) {
  return ort.InferenceSession.create(model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: optimized ? 'all' : 'disabled',
  });
}

async function runSession(session, input) {
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input.data, input.dims) };
  const outputs = await session.run(feeds);
  return outputs[session.outputNames[0]].data;
}

// Median single-thread latency of one image, in milliseconds.
async function latencyMs(session, input) {
  const perImage = input.dims.slice(1).reduce((x, y) => x * y, 1);
  const one = { data: input.data.slice(0, perImage), dims: [1, ...input.dims.slice(1)] };
  for (let i = 0; i < kWarmupRuns; ++i) await runSession(session, one);
  const times = [];
  for (let i = 0; i < kLatencyRuns; ++i) {
    const start = process.hrtime.bigint();
    await runSession(session, one);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

// The scale of the graph output's quantization, from quantize --json (the layer writing it).
function outputStep(quantizeJson, outputName) {
  for (const layer of quantizeJson.layers) {
    if (layer.activation && layer.activation.tensor === outputName) return layer.activation.scale;
  }
  return null;
}

async function main() {
  const [fp32Model, run, ...variants] = process.argv.slice(2);
  if (!fp32Model || !run) throw new Error('usage: node ort_compare.js FP32_MODEL RUN VARIANT...');
  const failures = [];
  const check = (ok, message) => { if (!ok) failures.push(message); };

  const input = readTensorProto(path.join(run, 'batch', 'input_0.pb'));
  const labels = JSON.parse(fs.readFileSync(path.join(run, 'batch', 'labels.json'), 'utf8'));
  const results = { onnxruntime: ort.env.versions, images: labels.length, fp32: {}, variants: {} };

  // (a) The original FP32 model.
  const fp32Session = await createSession(fp32Model, true);
  const classes = readTensorProto(path.join(run, 'fp32', 'ours', 'output_0.pb')).dims[1];
  const oursFp32 = readTensorProto(path.join(run, 'fp32', 'ours', 'output_0.pb')).data;
  const ortFp32 = await runSession(fp32Session, input);
  const fp32Diff = maxAbsDiff(ortFp32, oursFp32);
  const ortFp32Predictions = argmaxRows(ortFp32, classes);
  results.fp32 = {
    max_abs_diff: fp32Diff,
    top1_ort: top1(ortFp32Predictions, labels),
    top1_ours: top1(argmaxRows(oursFp32, classes), labels),
    latency_ms: await latencyMs(fp32Session, input),
  };
  check(fp32Diff <= kFp32Tolerance, `FP32: ONNX Runtime and QuantLens differ by ${fp32Diff} (> ${kFp32Tolerance})`);
  console.log(`FP32: max |ORT - QuantLens| = ${fp32Diff.toExponential(3)}, top-1 ORT ${results.fp32.top1_ort.toFixed(2)}% ` +
              `vs ours ${results.fp32.top1_ours.toFixed(2)}%, ORT latency ${results.fp32.latency_ms.toFixed(4)} ms/image`);

  // (b) Each QDQ export against the fake-quant model QuantLens simulates.
  for (const variant of variants) {
    const [name, mode] = variant.split(':');
    const dir = path.join(run, name);
    const quantizeJson = JSON.parse(fs.readFileSync(path.join(dir, 'quantize.json'), 'utf8'));
    const model = path.join(dir, 'model.onnx');
    const fakeQuant = readTensorProto(path.join(dir, 'fakequant', 'output_0.pb')).data;
    const step = outputStep(quantizeJson, fp32Session.outputNames[0]);
    if (step === null) throw new Error(`${name}: the output is not quantized; the step comparison needs it`);
    // Both optimization levels are measured; `mode` is the one checked.
    const r = {
      mode,
      opset: quantizeJson.quantized.export.opset,
      bytes: quantizeJson.quantized.bytes,
      fp32_bytes: quantizeJson.quantized.export.fp32_bytes,
      size_ratio: quantizeJson.quantized.size_ratio,
      output_step: step,
      top1_ours: top1(argmaxRows(fakeQuant, classes), labels),
      top1_ours_json: 100 * quantizeJson.quantized.top1,
    };
    let checkedSession = null;
    for (const level of ['all', 'disabled']) {
      let session;
      try {
        session = await createSession(model, level === 'all');
      } catch (error) {
        r[level] = { error: error.message.split('\n')[0] };
        if (level === mode) failures.push(`${name}: ONNX Runtime cannot load ${model} at optimization level ${level}: ${error.message}`);
        continue;
      }
      const output = await runSession(session, input);
      const predictions = argmaxRows(output, classes);
      r[level] = {
        max_abs_diff: maxAbsDiff(output, fakeQuant),
        max_steps: maxAbsDiff(output, fakeQuant) / step,
        beyond_one_step: countAbove(output, fakeQuant, step * 1.001),
        beyond_two_steps: countAbove(output, fakeQuant, step * 2.001),
        top1_ort: top1(predictions, labels),
        argmax_agreement: agreement(predictions, argmaxRows(fakeQuant, classes)),
      };
      if (level === mode) checkedSession = session;
    }
    if (!checkedSession) continue;
    const c = r[mode];
    r.latency_ms = await latencyMs(checkedSession, input);
    const oursFile = path.join(dir, 'ours', 'output_0.pb');
    r.reimported = fs.existsSync(oursFile);
    if (r.reimported) {
      const ours = readTensorProto(oursFile).data;
      r.quantlens_runtime = { max_abs_diff: maxAbsDiff(ours, fakeQuant), beyond_one_step: countAbove(ours, fakeQuant, step * 1.001) };
    }
    results.variants[name] = r;
    const allowed = Math.floor(kTwoStepFraction * fakeQuant.length);
    check(c.beyond_two_steps === 0 && c.beyond_one_step <= allowed,
          `${name} (${mode}): ${c.beyond_one_step} output values differ from the fake-quant model by more than one ` +
          `step (${step}; at most ${allowed} may, by up to two), ${c.beyond_two_steps} by more than two; max ${c.max_abs_diff}`);
    check(Math.abs(c.top1_ort - r.top1_ours) <= kTop1Tolerance,
          `${name} (${mode}): top-1 ONNX Runtime ${c.top1_ort}% vs QuantLens ${r.top1_ours}%`);
    check(Math.abs(r.top1_ours - r.top1_ours_json) <= 1e-9,
          `${name}: fake-quant outputs give top-1 ${r.top1_ours}% but quantize --json says ${r.top1_ours_json}%`);
    if (r.reimported)
      check(r.quantlens_runtime.beyond_one_step === 0,
            `${name}: QuantLens's runtime on the export differs from the fake-quant model by more than one step in ` +
            `${r.quantlens_runtime.beyond_one_step} values`);
    const level = (l) => (r[l].error ? `${l}: cannot load` : `${l}: max ${r[l].max_steps.toFixed(2)} steps, ` +
                          `${r[l].beyond_one_step} beyond one, top-1 ${r[l].top1_ort.toFixed(2)}%`);
    console.log(`${name}: opset ${r.opset}, ${r.bytes} B (FP32 export ${r.fp32_bytes} B, ${r.size_ratio.toFixed(2)}x); ` +
                `ORT vs fake-quant (step ${step.toPrecision(4)}) ${level('all')}; ${level('disabled')}; ` +
                `ours top-1 ${r.top1_ours.toFixed(2)}%; ORT latency (${mode}) ${r.latency_ms.toFixed(4)} ms/image; ` +
                (r.reimported ? `QuantLens runtime on the export: max ${(r.quantlens_runtime.max_abs_diff / step).toFixed(2)} steps`
                              : 'not loadable by QuantLens'));
  }

  fs.writeFileSync(path.join(run, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  if (failures.length) {
    for (const f of failures) console.error(`FAILED: ${f}`);
    process.exit(1);
  }
  console.log(`onnxruntime interop: all checks passed (${variants.length} exports, ${labels.length} images)`);
}

main().catch((error) => {
  console.error(`FAILED: ${error.stack || error}`);
  process.exit(1);
});
