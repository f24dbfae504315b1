/**
 * The wasm elementwise kernels against the js reference: unary functions (bit-identical, special
 * values included), broadcasting arithmetic and comparisons (bit-identical), reductions over every
 * collapsible axis pattern (float64 accumulation: relative error < 1e-6) and max-pool selection
 * (identical indices, ties and NaNs included). Awkward lengths, outputs poisoned, 1 and 2 threads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../../src/random.js';
import type { BinaryOp, ReduceOp, UnaryOp } from '../../src/backend/contract.js';
import { binary as refBinary, unary as refUnary } from '../../src/backend/js/elementwise.js';
import { reduce as refReduce } from '../../src/backend/js/reduce.js';
import { maxPoolIndices as refMaxPool } from '../../src/backend/js/conv.js';
import { binary, collapse } from '../../src/backend/wasm/binary.js';
import { reduce, reductionView } from '../../src/backend/wasm/reduce.js';
import { unary } from '../../src/backend/wasm/unary.js';
import { maxPoolIndices } from '../../src/backend/wasm/pool-indices.js';
import { setThreads } from '../../src/backend/wasm/index.js';
import { windowGeometry } from '../../src/primitives/conv-geometry.js';
import { relError, sendEverythingToWasm, setupWasm } from './wasm-setup.js';

const LENGTHS = [1, 3, 7, 17, 33, 65, 127, 257, 4099];
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 88.8, -104, 1e-40, -1, 0.5, 2.5, -2.5, 1.5, 1e-7, -3e-8, 30, -30];

/** Values spread over several scales, with the special values at the front. */
function values(gen: Generator, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const scale = [1e-6, 1, 10, 100][i % 4]!;
    out[i] = i < SPECIAL.length ? SPECIAL[i]! : gen.uniform(-1, 1) * scale;
  }
  return out;
}

/** Index of the first element that differs (NaN equals NaN; −0 equals 0), or -1. */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i] || (a[i] !== a[i] && b[i] !== b[i]))) return i;
  return -1;
}

let restore = () => {};
beforeAll(async () => {
  await setupWasm();
  restore = sendEverythingToWasm();
});
afterAll(() => restore());

const UNARY: UnaryOp[] = ['neg', 'abs', 'square', 'sqrt', 'rsqrt', 'reciprocal', 'relu', 'exp', 'expm1', 'log', 'log1p', 'tanh', 'sigmoid', 'floor', 'ceil', 'round', 'sign', 'identity'];
const ARITH: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'];
const COMPARE: BinaryOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const SHAPES: [number[], number[]][] = [
  [[257], [257]],
  [[33, 1], [7]],
  [[1], [7, 33]],
  [[7, 33], []],
  [[2, 1, 5], [3, 1]],
  [[1, 3, 1], [2, 1, 7]],
  [[5, 6, 7, 32], [32]],
  [[5, 1, 7, 1, 3], [1, 6, 1, 4, 1]],
  [[3, 65], [3, 1]],
];
const outShape = (a: number[], b: number[]) => {
  const r = Math.max(a.length, b.length);
  return Array.from({ length: r }, (_, i) => {
    const x = a[a.length - r + i] ?? 1;
    return x === 1 ? (b[b.length - r + i] ?? 1) : x;
  });
};
const size = (s: number[]) => s.reduce((x, y) => x * y, 1);

describe.each([1, 2])('wasm elementwise kernels, %i thread(s)', (threads) => {
  beforeAll(() => setThreads(threads));

  it.each(UNARY)('unary %s is bit-identical to the reference', (op) => {
    const gen = new Generator(op.length * 31 + threads);
    for (const n of LENGTHS) {
      let x = values(gen, n);
      if (op === 'log' || op === 'sqrt' || op === 'rsqrt') x = x.map(Math.abs);
      const want = new Float32Array(n);
      refUnary(op, x, want);
      const got = new Float32Array(n).fill(NaN);
      expect(unary(op, x, got)).toBeUndefined();
      const i = firstDiff(got, want);
      expect(i, i >= 0 ? `${op}(${x[i]}) = ${got[i]}, reference ${want[i]}` : '').toBe(-1);
    }
  });

  it.each([...ARITH, ...COMPARE])('binary %s with broadcasting is bit-identical to the reference', (op) => {
    const gen = new Generator(op.length * 17 + threads);
    for (const [as, bs] of SHAPES) {
      const os = outShape(as, bs);
      // Halves and zeros make equal values, so comparisons see ties.
      const a = values(gen, size(as)).map((v, i) => (i < SPECIAL.length ? v : Math.round(v * 2) / 2));
      const b = values(gen, size(bs)).map((v) => Math.round(v * 2) / 2);
      const bytes = COMPARE.includes(op);
      const want = bytes ? new Uint8Array(size(os)) : new Float32Array(size(os));
      const got = bytes ? new Uint8Array(size(os)).fill(7) : new Float32Array(size(os)).fill(NaN);
      refBinary(op, a, as, b, bs, want, os);
      expect(binary(op, a, as, b, bs, got, os)).toBeUndefined();
      expect(firstDiff(got, want), `${op} [${as}] with [${bs}]`).toBe(-1);
    }
  });

  it.each(['sum', 'max', 'min'] as ReduceOp[])('reduce %s over every collapsible axis pattern', (op) => {
    const gen = new Generator(op.length + threads);
    const cases: [number[], number[]][] = [
      [[257], [0]],
      [[7, 33], [1]],
      [[7, 33], [0]],
      [[3, 17, 5], [1]],
      [[3, 17, 5], [0, 1]],
      [[3, 17, 5], [1, 2]],
      [[2, 1, 65, 1, 3], [1, 2, 3]],
      [[1, 4099], [1]],
      [[4099, 5], [0]],
    ];
    for (const [shape, axes] of cases) {
      const x = values(gen, size(shape)).map((v) => (Number.isFinite(v) ? v : 0.25));
      if (op !== 'sum' && shape[0] === 7) x[5] = NaN; // NaN propagates through max and min
      const outN = size(shape.filter((_, i) => !axes.includes(i)));
      const want = new Float32Array(outN);
      refReduce(op, x, shape, axes, want);
      const got = new Float32Array(outN).fill(NaN);
      expect(reduce(op, x, shape, axes, got)).toBeUndefined();
      expect(relError(got.map((v, i) => (Number.isNaN(want[i]!) && Number.isNaN(v) ? 0 : v)), want.map((v) => (Number.isNaN(v) ? 0 : v))), `${op} [${shape}] axes ${axes}`).toBeLessThan(1e-6);
    }
  });

  it('max-pool selection: identical indices with ties, NaNs, padding and strides', () => {
    const gen = new Generator(40 + threads);
    for (const [shape, k, s, pad] of [
      [[5, 28, 28, 32], [2, 2], [2, 2], 'valid'],
      [[3, 9, 7, 7], [3, 3], [2, 1], 'same'],
      [[1, 17, 33, 1], [3, 2], [1, 3], 'same'],
    ] as [number[], [number, number], [number, number], 'same' | 'valid'][]) {
      const g = windowGeometry('test', shape, k, s, [1, 1], pad);
      const x = values(gen, size(shape)).map((v) => Math.round(v)); // many ties
      x[40] = NaN;
      const n = g.batch * g.outH * g.outW * g.channels;
      const want = new Int32Array(n);
      refMaxPool(x, g, want);
      const got = new Int32Array(n).fill(-7);
      expect(maxPoolIndices(x, g, got)).toBeUndefined();
      expect(firstDiff(got, want), `${shape}`).toBe(-1);
    }
  });
});

describe('shape collapsing', () => {
  it('merges contiguous and broadcast dimensions and drops size 1', () => {
    expect(collapse([64, 28, 28, 32], [32], [64, 28, 28, 32])).toEqual({ dims: [50176, 32], sa: [32, 1], sb: [0, 1] });
    expect(collapse([2, 1, 5], [3, 1], [2, 3, 5])).toEqual({ dims: [2, 3, 5], sa: [5, 0, 1], sb: [0, 1, 0] });
    expect(collapse([], [], [])).toEqual({ dims: [1], sa: [0], sb: [0] });
  });

  it('views reductions as [outer, reduced, inner] or declines', () => {
    expect(reductionView([64, 28, 28, 32], [0, 1, 2])).toEqual([1, 50176, 32]);
    expect(reductionView([32, 10], [1])).toEqual([32, 10, 1]);
    expect(reductionView([2, 1, 65, 1, 3], [1, 2, 3])).toEqual([2, 65, 3]);
    expect(reductionView([2, 3, 4], [0, 2])).toBeNull();
  });
});
