/**
 * The nabla child of `npm run bench`: runs one workload group on the backend and thread count it is
 * given and prints its report. Models are `nb.sequential` trained with `trainOnBatch` and Adam.
 */
import { setFlagsFromString } from 'node:v8';
import * as nb from '../src/index.node.js';
import { getThreads, setThreads, wasmBackend, wasmUnavailableReason } from '../src/backend/wasm/index.js';
import { runtime } from '../src/backend/wasm/runtime.js';
import { type ChildConfig, type Outcome, childConfig, filled, medianSeconds, report } from './common.js';

interface NablaConfig extends ChildConfig {
  backend: 'wasm' | 'js';
  /** Allow relaxed SIMD (Node 20 needs a V8 flag for it; Node ≥ 22 and browsers have it). */
  relaxed: boolean;
  peer: string;
}

const cfg = childConfig() as NablaConfig;
if (cfg.relaxed) setFlagsFromString('--experimental-wasm-relaxed-simd');
if (!nb.listBackends().includes('wasm')) nb.registerBackend(wasmBackend);
nb.setBackend(cfg.backend);
if (cfg.backend === 'wasm') setThreads(cfg.threads);

const t = (shape: number[], seed: number, scale = 1) => nb.tensor(filled(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale), { shape });

function labels(batch: number): nb.Tensor {
  return nb.tensor(Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10), { shape: [batch], dtype: 'int32' });
}

/** Samples per second of `step` on a batch of `batch`. */
function rate(batch: number, step: () => void): number {
  return batch / medianSeconds(step, cfg, 3);
}

function sgemm(): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const n of cfg.sizes) {
    const a = t([n, n], 1);
    const b = t([n, n], 2);
    out[`sgemm${n}`] = (2 * n ** 3) / medianSeconds(() => nb.noGrad(() => nb.matmul(a, b)), cfg) / 1e9;
  }
  return out;
}

/** Samples per second of `model.trainOnBatch` on one fixed batch. */
function trainRate(model: nb.Sequential, x: nb.Tensor, y: nb.Tensor): number {
  model.compile({ optimizer: nb.optim.adam({ learningRate: 1e-3 }), loss: 'sparseCategoricalCrossentropy' });
  return rate(x.shape[0]!, () => void model.trainOnBatch(x, y));
}

function mlp(): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const batch of [32, 128]) {
    const model = nb.sequential([nb.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), nb.layers.dense({ units: 10, activation: 'softmax' })]);
    out[`mlp${batch}`] = trainRate(model, t([batch, 784], 5, 0.5).add(0.5), labels(batch));
  }
  return out;
}

/** The notes' CNN: Conv32-Pool-Conv64-Pool-Dense128-Dense10 on 28×28×1 ('same' 3×3 convolutions). */
function cnnModel(): nb.Sequential {
  return nb.models.notesCnn();
}

function cnn(): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  const model = cnnModel();
  out.cnnTrain64 = trainRate(model, t([64, 28, 28, 1], 10, 0.5).add(0.5), labels(64));
  const xi = t([256, 28, 28, 1], 11, 0.5).add(0.5);
  out.cnnInfer256 = rate(256, () => void nb.noGrad(() => model.call(xi, { training: false })));
  return out;
}

const results = cfg.group === 'sgemm' ? sgemm() : cfg.group === 'mlp' ? mlp() : cnn();
const k = runtime()?.kernels;
const variant = cfg.backend !== 'wasm' ? 'js backend' : k ? `wasm backend, ${k.relaxed ? 'relaxed SIMD' : 'SIMD'}, ${getThreads()} thread(s)` : `wasm unavailable: ${wasmUnavailableReason()}`;
report({ peer: cfg.peer, info: `nabla 0.1, ${variant}`, results });
