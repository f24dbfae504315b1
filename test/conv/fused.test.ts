/**
 * The fused convolution primitives (conv2dP, conv2dBackwardInputP, conv2dBackwardFilterP):
 * - nb.conv2d / conv1d / conv2dTranspose give the same values and gradients on the fused path as
 *   on the im2col → matmul path, on awkward geometries (float64 to rounding, float32 to 1e-5);
 * - each primitive's VJP is right (float64 gradchecks), also at second order;
 * - the bias / relu options (fused epilogue) agree with composing add and relu.
 * On the wasm backend every size threshold is lowered, so the small shapes here run the wasm kernels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { conv1d, conv2d, conv2dTranspose } from '../../src/ops/conv.js';
import { conv2dBackwardFilterP, conv2dBackwardInputP, conv2dP, convRouting } from '../../src/primitives/conv.js';
import { type Padding, windowGeometry } from '../../src/primitives/conv-geometry.js';
import type { ConvGeometry } from '../../src/backend/contract.js';
import { sendEverythingToWasm } from '../backend/wasm-setup.js';

let undo: (() => void) | null = null;
beforeAll(() => {
  if (nb.getBackend() === 'wasm') undo = sendEverythingToWasm();
});
afterAll(() => {
  undo?.();
  Object.assign(convRouting, { fused: true, epilogue: true });
});

const rand = (shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float64') => {
  nb.seed(seed);
  return nb.randn(shape, { dtype });
};

/** Runs `fn` with the convolutions routed as given, restoring the default after. */
function routed<T>(fused: boolean, epilogue: boolean, fn: () => T): T {
  const saved = { ...convRouting };
  Object.assign(convRouting, { fused, epilogue });
  try {
    return fn();
  } finally {
    Object.assign(convRouting, saved);
  }
}

/** Largest |a − b| / max(1, |b|) over the elements. */
function maxRelDiff(a: nb.Tensor, b: nb.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const ad = a.data();
  const bd = b.data();
  let m = 0;
  for (let i = 0; i < ad.length; i++) m = Math.max(m, Math.abs(ad[i]! - bd[i]!) / Math.max(1, Math.abs(bd[i]!)));
  return m;
}

/** Output and input gradients of `f` under a fixed random cotangent. */
function valueAndGrads(f: (...xs: nb.Tensor[]) => nb.Tensor, inputs: nb.Tensor[], seed: number): { y: nb.Tensor; grads: nb.Tensor[] } {
  const leaves = inputs.map((t) => t.detach().requiresGrad_());
  const y = f(...leaves);
  nb.seed(seed);
  y.backward(nb.randn([...y.shape], { dtype: y.dtype as 'float32' | 'float64' }));
  return { y: y.detach(), grads: leaves.map((t) => t.grad!) };
}

/** The fused path (with and without the kernel epilogue) against the im2col path: value and every gradient within `tol`. */
function samePaths(f: (...xs: nb.Tensor[]) => nb.Tensor, inputs: nb.Tensor[], tol: number): void {
  const want = routed(false, false, () => valueAndGrads(f, inputs, 99));
  for (const epilogue of [true, false]) {
    const got = routed(true, epilogue, () => valueAndGrads(f, inputs, 99));
    expect(maxRelDiff(got.y, want.y)).toBeLessThan(tol);
    got.grads.forEach((gr, i) => expect(maxRelDiff(gr, want.grads[i]!)).toBeLessThan(tol));
  }
}

interface Case {
  x: [number, number, number, number];
  k: [number, number, number, number];
  strides: [number, number];
  dilationRate: [number, number];
  padding: 'valid' | 'same';
}

/** Random awkward geometries: 1-wide images, strides beyond the window, dilation, odd channel counts. */
function randomCases(count: number, seed: number): Case[] {
  const gen = new nb.Generator(seed);
  const int = (lo: number, hi: number) => Math.floor(gen.uniform(lo, hi + 1));
  const out: Case[] = [];
  while (out.length < count) {
    const kh = int(1, 4);
    const kw = int(1, 4);
    const dh = int(1, 3);
    const dw = int(1, 3);
    const padding = gen.uniform(0, 1) < 0.5 ? 'valid' : 'same';
    const h = int(1, 9);
    const w = int(1, 9);
    // 'valid' needs the dilated window inside the image.
    if (padding === 'valid' && ((kh - 1) * dh + 1 > h || (kw - 1) * dw + 1 > w)) continue;
    out.push({ x: [int(1, 3), h, w, int(1, 5)], k: [kh, kw, 0, int(1, 6)], strides: [int(1, 4), int(1, 4)], dilationRate: [dh, dw], padding });
    out[out.length - 1]!.k[2] = out[out.length - 1]!.x[3];
  }
  return out;
}

const label = (c: Case) => `x ${c.x.join('×')} k ${c.k.join('×')} s ${c.strides.join('×')} d ${c.dilationRate.join('×')} ${c.padding}`;

describe('conv2d: fused path = im2col path', () => {
  const cases: Case[] = [
    { x: [2, 7, 6, 3], k: [3, 2, 3, 4], strides: [2, 1], dilationRate: [1, 2], padding: 'same' },
    { x: [1, 1, 9, 2], k: [1, 3, 2, 3], strides: [1, 4], dilationRate: [1, 1], padding: 'same' },
    { x: [2, 5, 5, 4], k: [1, 1, 4, 3], strides: [1, 1], dilationRate: [1, 1], padding: 'valid' }, // identity window
    { x: [3, 6, 6, 2], k: [1, 1, 2, 5], strides: [2, 3], dilationRate: [1, 1], padding: 'same' },
    { x: [2, 4, 4, 3], k: [4, 4, 3, 2], strides: [5, 5], dilationRate: [1, 1], padding: 'same' }, // stride beyond the image
    ...randomCases(16, 5),
  ];
  for (const [i, c] of cases.entries()) {
    it(label(c), () => {
      const opts = { strides: c.strides, dilationRate: c.dilationRate, padding: c.padding };
      samePaths((a, b) => conv2d(a, b, opts), [rand(c.x, 2 * i), rand(c.k, 2 * i + 1)], 1e-12);
      samePaths((a, b) => conv2d(a, b, opts), [rand(c.x, 2 * i, 'float32'), rand(c.k, 2 * i + 1, 'float32')], 1e-5);
      // With the bias and relu options: the fused epilogue against add and relu after the product.
      const bias = rand([c.k[3]], 3 * i, 'float32');
      samePaths((a, b, d) => conv2d(a, b, { ...opts, bias: d, activation: 'relu' }), [rand(c.x, 2 * i, 'float32'), rand(c.k, 2 * i + 1, 'float32'), bias], 1e-5);
      samePaths((a, b, d) => conv2d(a, b, { ...opts, bias: d }), [rand(c.x, 2 * i), rand(c.k, 2 * i + 1), bias.cast('float64')], 1e-12);
    });
  }

  it('the CNN layer shape runs on the fused kernels with the default thresholds (float32, batch 4)', () => {
    const saved = undo;
    undo?.(); // default thresholds: this size is large enough for the wasm kernels by itself
    try {
      samePaths((a, b, d) => conv2d(a, b, { padding: 'same', bias: d, activation: 'relu' }), [rand([4, 14, 14, 32], 1, 'float32'), rand([3, 3, 32, 64], 2, 'float32').mul(0.1), rand([64], 3, 'float32')], 1e-5);
    } finally {
      if (saved && nb.getBackend() === 'wasm') undo = sendEverythingToWasm();
    }
  });

  it('records one fused node for conv + bias + relu (groups 1) and the composed ops otherwise', () => {
    const x = rand([2, 5, 5, 2], 1).requiresGrad_();
    const k = rand([3, 3, 2, 4], 2);
    const b = rand([4], 3);
    const y = conv2d(x, k, { padding: 'same', bias: b, activation: 'relu' });
    expect(y._node?.name).toBe('conv2d');
    expect(y._node?.inputs.length).toBe(3);
    expect(routed(true, false, () => conv2d(x, k, { padding: 'same', bias: b, activation: 'relu' }))._node?.name).toBe('relu');
    expect(routed(false, false, () => conv2d(x, k))._node?.name).toBe('reshape');
    const grouped = conv2d(x, rand([3, 3, 1, 4], 4), { groups: 2, bias: b, activation: 'relu' });
    expect(grouped._node?.name).toBe('relu');
  });

  it('grouped convolutions keep the im2col path and take bias and relu as separate ops', () => {
    const x = rand([2, 5, 6, 4], 5);
    const k = rand([3, 3, 2, 6], 6);
    const b = rand([6], 7);
    const got = conv2d(x, k, { groups: 2, padding: 'same', bias: b, activation: 'relu' });
    const want = conv2d(x, k, { groups: 2, padding: 'same' }).add(b).relu();
    expect(maxRelDiff(got, want)).toBe(0);
  });

  it('mixed dtypes promote as the matrix product does (int32 image, float32 kernel → float32)', () => {
    const x = nb.tensor(Int32Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => (i * 7) % 5 - 2), { shape: [2, 4, 4, 3], dtype: 'int32' });
    const k = rand([2, 2, 3, 2], 8, 'float32');
    const fused = conv2d(x, k, { padding: 'same' });
    const old = routed(false, false, () => conv2d(x, k, { padding: 'same' }));
    expect(fused.dtype).toBe('float32');
    expect(maxRelDiff(fused, old)).toBeLessThan(1e-6);
    const kInt = nb.tensor(Int32Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => (i % 3) - 1), { shape: [2, 2, 3, 2], dtype: 'int32' });
    const ints = conv2d(x, kInt, { strides: 2 });
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.data())).toEqual(Array.from(routed(false, false, () => conv2d(x, kInt, { strides: 2 })).data()));
  });
});

describe('conv1d and the transposed convolutions: fused path = im2col path', () => {
  for (const padding of ['valid', 'same', 'causal'] as const) {
    for (const [strides, dilationRate] of [[1, 1], [2, 1], [1, 2], [3, 2]] as const) {
      it(`conv1d ${padding}, strides ${strides}, dilation ${dilationRate}`, () => {
        const opts = { padding, strides, dilationRate };
        samePaths((a, b) => conv1d(a, b, opts), [rand([2, 11, 3], 1), rand([3, 3, 4], 2)], 1e-12);
        samePaths((a, b, d) => conv1d(a, b, { ...opts, bias: d, activation: 'relu' }), [rand([2, 11, 3], 1, 'float32'), rand([3, 3, 4], 2, 'float32'), rand([4], 3, 'float32')], 1e-5);
      });
    }
  }

  for (const padding of ['valid', 'same'] as const) {
    for (const [strides, dilationRate] of [[1, 1], [2, 1], [3, 1], [1, 2], [2, 2]] as const) {
      it(`conv2dTranspose ${padding}, strides ${strides}, dilation ${dilationRate}`, () => {
        const opts = { padding, strides, dilationRate };
        samePaths((a, b) => conv2dTranspose(a, b, opts), [rand([2, 3, 4, 3], 4), rand([3, 2, 2, 3], 5)], 1e-12);
        samePaths((a, b) => conv2dTranspose(a, b, opts), [rand([2, 3, 4, 3], 4, 'float32'), rand([3, 2, 2, 3], 5, 'float32')], 1e-5);
      });
    }
  }
});

describe('the fused primitives: float64 gradchecks', () => {
  function check(fn: (...xs: nb.Tensor[]) => nb.Tensor, inputs: nb.Tensor[]): void {
    const r = nb.gradcheck(fn, inputs);
    expect(r.checked).toBeGreaterThan(0);
    expect(r.maxError).toBeLessThan(1e-6);
  }

  const geometries: [string, number[], [number, number], [number, number], [number, number], Padding][] = [
    ['3×3 same', [2, 5, 4, 2], [3, 3], [1, 1], [1, 1], 'same'],
    ['3×2 strides 2×1 dilation 1×2 same', [2, 6, 7, 2], [3, 2], [2, 1], [1, 2], 'same'],
    ['2×2 strides 3 valid', [1, 7, 5, 3], [2, 2], [3, 3], [1, 1], 'valid'],
    ['1×1 identity', [2, 3, 4, 3], [1, 1], [1, 1], [1, 1], 'valid'],
  ];

  for (const [name, xs, ks, st, dl, pad] of geometries) {
    describe(name, () => {
      const g: ConvGeometry = windowGeometry('test', xs, ks, st, dl, pad);
      const filters = 3;
      const x = rand(xs, 1);
      const w = rand([ks[0], ks[1], xs[3]!, filters], 2);
      const dy = rand([g.batch, g.outH, g.outW, filters], 3);
      const b = rand([filters], 4);

      it('conv2dP, plain and with bias + relu', () => {
        check((a, c) => conv2dP(a, c, g), [x, w]);
        check((a, c, d) => conv2dP(a, c, g, { bias: d, relu: true }), [x, w, b]);
        check((a, c, d) => conv2dP(a, c, g, { bias: d }), [x, w, b]);
      });

      it('conv2dBackwardInputP and conv2dBackwardFilterP', () => {
        check((a, c) => conv2dBackwardInputP(a, c, g), [dy, w]);
        check((a, c) => conv2dBackwardFilterP(a, c, g), [x, dy]);
      });

      it('second order: gradients of the input and kernel gradients', () => {
        const loss = (a: nb.Tensor, c: nb.Tensor, d: nb.Tensor) => conv2dP(a, c, g, { bias: d, relu: true }).square().sum();
        check((a, c, d) => nb.grad((aa: nb.Tensor) => loss(aa, c, d), { createGraph: true })(a), [x, w, b]);
        check((a, c, d) => nb.grad((cc: nb.Tensor) => loss(a, cc, d), { createGraph: true })(c), [x, w, b]);
        check((a, c) => nb.grad((aa: nb.Tensor) => conv2dP(aa, c, g).sin().sum(), { createGraph: true })(a), [x, w]);
      });
    });
  }

  it('second order through the public conv2d with bias and relu', () => {
    const inner = (x: nb.Tensor, k: nb.Tensor, b: nb.Tensor) =>
      nb.grad((kk: nb.Tensor) => conv2d(x, kk, { padding: 'same', strides: 2, bias: b, activation: 'relu' }).square().sum(), { createGraph: true })(k);
    check(inner, [rand([2, 5, 4, 2], 9), rand([3, 3, 2, 3], 10), rand([3], 11)]);
  });
});

describe('bias and activation options', () => {
  it('reject a bias of the wrong shape and unknown activations, naming the op', () => {
    const x = rand([1, 4, 4, 2], 1);
    const k = rand([3, 3, 2, 5], 2);
    expect(() => conv2d(x, k, { bias: nb.zeros([4]) })).toThrow(nb.ShapeError);
    expect(() => conv2d(x, k, { bias: nb.zeros([4]) })).toThrow(/conv2d: bias must have shape \[5\].*got \[4\]/);
    expect(() => conv2d(x, k, { bias: nb.zeros([1, 5]) })).toThrow(nb.ShapeError);
    expect(() => conv2d(x, k, { activation: 'tanh' as 'relu' })).toThrow(nb.ConfigError);
    expect(() => conv2d(x, k, { activation: 'tanh' as 'relu' })).toThrow(/conv2d: activation must be 'relu' or 'linear', got "tanh"/);
    expect(() => conv1d(rand([1, 6, 2], 3), rand([3, 2, 5], 4), { bias: [1, 2] })).toThrow(/conv1d: bias/);
  });

  it("'linear' and no activation are the same; bias as a plain array works", () => {
    const x = rand([1, 4, 4, 2], 1);
    const k = rand([3, 3, 2, 2], 2);
    const a = conv2d(x, k, { bias: [0.5, -1], activation: 'linear' });
    const b = conv2d(x, k).add(nb.tensor([0.5, -1], { dtype: 'float64' }));
    expect(maxRelDiff(a, b)).toBeLessThan(1e-12);
  });

  it('NaN in the input propagates through the fused bias and relu as through add and relu', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = rand([2, 6, 6, 3], 6, dtype);
      x.data()[40] = NaN;
      const k = rand([3, 3, 3, 4], 7, dtype);
      const b = rand([4], 8, dtype);
      const got = conv2d(x, k, { padding: 'same', bias: b, activation: 'relu' });
      const want = routed(false, false, () => conv2d(x, k, { padding: 'same', bias: b, activation: 'relu' }));
      const nans = (t: nb.Tensor) => Array.from(t.data(), (v) => Number.isNaN(v));
      expect(nans(got)).toEqual(nans(want));
      expect(nans(got).filter(Boolean).length).toBeGreaterThan(0);
      const clean = (t: nb.Tensor) => nb.where(t.isnan(), 0, t);
      expect(maxRelDiff(clean(got), clean(want))).toBeLessThan(1e-5);
    }
  });

  it('relu at the output: no negative values, and zero gradient where the output is 0', () => {
    const x = rand([2, 5, 5, 3], 4).requiresGrad_();
    const k = rand([3, 3, 3, 4], 5);
    const y = conv2d(x, k, { padding: 'same', bias: [0, 0, 0, 0], activation: 'relu' });
    expect(Math.min(...y.data())).toBe(0);
    const k2 = k.detach().requiresGrad_();
    const y2 = conv2d(x.detach(), k2, { padding: 'same', activation: 'relu' });
    const dead = y2.data().every((v) => v === 0);
    expect(dead).toBe(false);
    // Only positive outputs pass gradient: a cotangent living where y = 0 gives a zero kernel gradient.
    const cot = nb.tensor(Float64Array.from(y2.data(), (v) => (v === 0 ? 1 : 0)), { shape: [...y2.shape] });
    y2.backward(cot);
    expect(Math.max(...Array.from(k2.grad!.data(), Math.abs))).toBe(0);
  });
});
