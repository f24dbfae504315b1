/**
 * The TensorFlow.js child of `npm run bench` (backend 'cpu' or 'wasm'): the same workloads with
 * `tf.matMul`, and layers models trained with `optimizer.minimize` (the lean path; `model.fit`
 * adds callbacks). Where a backend lacks a kernel a workload needs, it is reported as skipped.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type ChildConfig, type Outcome, childConfig, filled, medianSeconds, report } from './common.js';

interface TfConfig extends ChildConfig {
  backend: 'cpu' | 'wasm';
  peer: string;
}

const cfg = childConfig() as TfConfig;
const require = createRequire(import.meta.url);
setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');

// TF.js prints a hint about tfjs-node on first use; it is noise here.
const log = console.log;
console.log = () => {};
await tf.setBackend(cfg.backend);
await tf.ready();
console.log = log;

const tensor = (shape: number[], seed: number, scale = 1, offset = 0) =>
  tf.tensor(filled(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale + offset), shape);

function why(e: unknown): { skipped: string } {
  const msg = (e as Error).message ?? String(e);
  const kernel = /Kernel '(\w+)' not registered/.exec(msg);
  return { skipped: kernel ? `no ${kernel[1]} kernel on ${cfg.backend}` : msg.slice(0, 60) };
}

function sgemm(): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const n of cfg.sizes) {
    const a = tensor([n, n], 1);
    const b = tensor([n, n], 2);
    out[`sgemm${n}`] = (2 * n ** 3) / medianSeconds(() => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }, cfg) / 1e9;
  }
  return out;
}

function trainRate(model: tf.LayersModel, x: tf.Tensor, labels: number[]): Outcome {
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const opt = tf.train.adam(1e-3);
  const step = () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true);
    loss!.dataSync();
    loss!.dispose();
  };
  try {
    return x.shape[0]! / medianSeconds(step, cfg, 3);
  } catch (e) {
    return why(e);
  }
}

const labels = (n: number) => Array.from({ length: n }, (_, i) => (i * 7) % 10);

function mlp(): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const batch of [32, 128]) {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }), tf.layers.dense({ units: 10 })] });
    out[`mlp${batch}`] = trainRate(model, tensor([batch, 784], 5, 0.5, 0.5), labels(batch));
  }
  return out;
}

function cnn(): Record<string, Outcome> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const out: Record<string, Outcome> = {};
  out.cnnTrain64 = trainRate(model, tensor([64, 28, 28, 1], 10, 0.5, 0.5), labels(64));
  const xi = tensor([256, 28, 28, 1], 11, 0.5, 0.5);
  try {
    out.cnnInfer256 = 256 / medianSeconds(() => {
      const y = model.predict(xi) as tf.Tensor;
      y.dataSync();
      y.dispose();
    }, cfg, 2);
  } catch (e) {
    out.cnnInfer256 = why(e);
  }
  return out;
}

const results = cfg.group === 'sgemm' ? sgemm() : cfg.group === 'mlp' ? mlp() : cnn();
report({ peer: cfg.peer, info: `TensorFlow.js ${tf.version.tfjs} ${cfg.backend}${cfg.backend === 'wasm' ? ' (SIMD, 1 thread in Node)' : ''}`, results });
