/**
 * The gradient suite with the wasm backend selected, in float32: for every op and sample of the op
 * table (test/ops/op-db.ts) and for convolutions, gradients computed in float32 with every kernel
 * call sent to WebAssembly match the float64 gradients of the js reference to float32 tolerance.
 * (The float64 gradient checks themselves run on js: the wasm backend declines float64.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { wasmBackend, setThreads } from '../../src/backend/wasm/index.js';
import { conv2d } from '../../src/ops/conv.js';
import { OPS, drawSample } from '../ops/op-db.js';
import { sendEverythingToWasm, setupWasm } from './wasm-setup.js';

nb.registerBackend(wasmBackend);
let restore = () => {};

beforeAll(async () => {
  await setupWasm();
  restore = sendEverythingToWasm();
  setThreads(2);
});
afterAll(() => {
  restore();
  nb.setBackend('js');
});

/** Gradients of Σ w·fn(xs) with respect to every input, in the given backend and dtype. */
function gradients(backend: string, dtype: 'float32' | 'float64', fn: (xs: nb.Tensor[]) => nb.Tensor, xs64: nb.Tensor[], seed: number): Float64Array[] {
  nb.setBackend(backend);
  try {
    const leaves = xs64.map((x) => nb.tensor(dtype === 'float32' ? Float32Array.from(x.data()) : Float64Array.from(x.data()), { shape: [...x.shape], requiresGrad: true }));
    const y = fn(leaves);
    const gen = new nb.Generator(seed);
    const w = nb.tensor(Float64Array.from({ length: y.size }, () => gen.uniform(-1, 1)), { shape: [...y.shape], dtype });
    nb.sum(nb.mul(y, w)).backward();
    return leaves.map((l) => Float64Array.from(l.grad ? l.grad.data() : new Float64Array(l.size)));
  } finally {
    nb.setBackend('js');
  }
}

function expectClose(got: Float64Array[], want: Float64Array[], tol: number): void {
  want.forEach((w, i) => {
    let scale = 1;
    for (const v of w) scale = Math.max(scale, Math.abs(v));
    let err = 0;
    got[i]!.forEach((g, j) => (err = Math.max(err, Number.isNaN(g) ? Infinity : Math.abs(g - w[j]!))));
    expect(err / scale, `input ${i}`).toBeLessThan(tol);
  });
}

describe.each(OPS)('float32 gradients on wasm: $name', (op) => {
  it.each(op.samples.map((s, i) => ({ ...s, i })))('$label', (sample) => {
    const xs = drawSample(op, sample, 1000 + sample.i);
    const fn = (ts: nb.Tensor[]) => op.fn(ts, sample.extra ?? []);
    const want = gradients('js', 'float64', fn, xs, sample.i);
    const got = gradients('wasm', 'float32', fn, xs, sample.i);
    expectClose(got, want, 1e-4);
  });
});

describe('float32 convolution gradients on wasm', () => {
  it.each([
    { padding: 'same' as const, strides: 1, dilationRate: 1 },
    { padding: 'valid' as const, strides: 2, dilationRate: 1 },
    { padding: 'same' as const, strides: 1, dilationRate: 2 },
  ])('conv2d $padding, strides $strides, dilation $dilationRate', (opts) => {
    nb.seed(5);
    const xs = [nb.randn([3, 9, 8, 5], { dtype: 'float64' }), nb.randn([3, 3, 5, 7], { dtype: 'float64' })];
    const fn = ([x, k]: nb.Tensor[]) => conv2d(x!, k!, opts).relu();
    expectClose(gradients('wasm', 'float32', fn, xs, 1), gradients('js', 'float64', fn, xs, 1), 1e-4);
  });
});
