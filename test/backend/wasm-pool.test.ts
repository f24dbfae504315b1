/**
 * The wasm pooling kernels (maxPool with and without indices, avgPool, avgPoolBackward) against the
 * js reference on awkward geometries (channels 1, 3, 7, 16, 17, 33, 64; strides, dilation, 'same'
 * and 'valid' padding, windows of padding only), outputs poisoned before each run, on 1 and 2 threads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../../src/random.js';
import type { ConvGeometry } from '../../src/backend/contract.js';
import * as ref from '../../src/backend/js/pool.js';
import { maxPool, maxPoolF32 } from '../../src/backend/wasm/max-pool.js';
import { avgPool, avgPoolBackward, avgPoolBackwardF32, avgPoolF32 } from '../../src/backend/wasm/avg-pool.js';
import { runtime } from '../../src/backend/wasm/runtime.js';
import { setThreads } from '../../src/backend/wasm/index.js';
import { windowGeometry } from '../../src/primitives/conv-geometry.js';
import { poisoned, randomF32, relError, sendEverythingToWasm, setupWasm } from './wasm-setup.js';

type Case = [shape: [number, number, number, number], window: [number, number], strides: [number, number], dilation: [number, number], padding: 'same' | 'valid'];

const CASES: Case[] = [
  [[5, 28, 28, 32], [2, 2], [2, 2], [1, 1], 'valid'],
  [[3, 14, 14, 64], [2, 2], [2, 2], [1, 1], 'same'],
  [[2, 9, 7, 7], [3, 3], [2, 1], [1, 1], 'same'],
  [[1, 17, 33, 1], [3, 2], [1, 3], [1, 1], 'same'],
  [[2, 11, 10, 17], [3, 3], [1, 1], [1, 1], 'same'],
  [[3, 13, 9, 33], [4, 2], [3, 3], [1, 1], 'same'],
  [[2, 9, 9, 3], [3, 2], [2, 2], [2, 3], 'valid'],
  [[1, 8, 30, 16], [1, 5], [1, 2], [1, 1], 'same'],
  [[4, 6, 6, 5], [6, 6], [1, 1], [1, 1], 'valid'],
];

const label = (c: Case) => `${c[0].join('×')} k${c[1].join('×')} s${c[2].join('×')} d${c[3].join('×')} ${c[4]}`;
const outSize = (g: ConvGeometry) => g.batch * g.outH * g.outW * g.channels;
const inSize = (g: ConvGeometry) => g.batch * g.inH * g.inW * g.channels;

/** Values with many ties (a few levels), a few NaNs, infinities of both signs, and signed zeros. */
function tiedValues(gen: Generator, n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.round(gen.uniform(-2, 2));
  for (let i = 0; i < n; i += 97) x[i] = NaN;
  for (let i = 5; i < n; i += 31) x[i] = -0;
  for (let i = 11; i < n; i += 53) x[i] = Infinity;
  for (let i = 12; i < n; i += 59) x[i] = -Infinity;
  return x;
}

/** Index of the first element where the arrays differ as values (NaN equals NaN; -0 differs from +0), or -1. */
function firstDiff(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return -2;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return i;
  return -1;
}

describe('wasm pooling kernels', () => {
  beforeAll(async () => {
    await setupWasm();
  });

  describe.each([1, 2])('%i thread(s)', (threads) => {
    it.each(CASES.map((c) => [label(c), c] as const))('maxPool %s', (_, c) => {
      setThreads(threads);
      const g = windowGeometry('test', c[0], c[1], c[2], c[3], c[4]);
      const gen = new Generator(inSize(g) + threads);
      for (const x of [tiedValues(gen, inSize(g)), randomF32(gen, inSize(g))]) {
        const want = new Float32Array(outSize(g));
        const wantIdx = new Int32Array(outSize(g));
        ref.maxPool(x, g, want, wantIdx);
        const got = poisoned(want.length);
        const gotIdx = new Int32Array(want.length).fill(-7);
        expect(maxPoolF32(runtime()!, x, g, got, gotIdx)).toBeUndefined();
        expect(firstDiff(got, want)).toBe(-1);
        expect(firstDiff(gotIdx, wantIdx)).toBe(-1);
        const values = poisoned(want.length);
        expect(maxPoolF32(runtime()!, x, g, values, null)).toBeUndefined();
        expect(firstDiff(values, want)).toBe(-1);
      }
    });

    it.each(CASES.map((c) => [label(c), c] as const))('avgPool and its adjoint %s', (_, c) => {
      setThreads(threads);
      const g = windowGeometry('test', c[0], c[1], c[2], c[3], c[4]);
      const gen = new Generator(outSize(g) + 10 * threads);
      const x = randomF32(gen, inSize(g));
      const want = new Float32Array(outSize(g));
      ref.avgPool(x, g, want);
      const got = poisoned(want.length);
      expect(avgPoolF32(runtime()!, x, g, got)).toBeUndefined();
      expect(relError(got, want)).toBeLessThan(1e-6);

      const dy = randomF32(gen, outSize(g));
      const wantDx = new Float32Array(inSize(g));
      ref.avgPoolBackward(dy, g, wantDx);
      const gotDx = poisoned(wantDx.length); // overwritten, not accumulated
      expect(avgPoolBackwardF32(runtime()!, dy, g, gotDx)).toBeUndefined();
      expect(relError(gotDx, wantDx)).toBeLessThan(1e-6);

      // Adjoint: <avgPool(x), dy> = <x, avgPoolBackward(dy)>.
      let lhs = 0;
      let rhs = 0;
      for (let i = 0; i < dy.length; i++) lhs += got[i]! * dy[i]!;
      for (let i = 0; i < x.length; i++) rhs += x[i]! * gotDx[i]!;
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.max(1, Math.abs(lhs)));
    });
  });

  it('windows of padding only give -Infinity and -1 (max) and 0 (average), as the reference', () => {
    // Not a geometry pooling makes (its padding is always narrower than the window), but the contract defines it.
    const g: ConvGeometry = { batch: 2, inH: 3, inW: 4, channels: 6, kernelH: 2, kernelW: 2, strideH: 1, strideW: 2, dilationH: 1, dilationW: 1, padTop: 3, padLeft: 1, outH: 5, outW: 3 };
    const x = randomF32(new Generator(5), inSize(g));
    const want = new Float32Array(outSize(g));
    const wantIdx = new Int32Array(outSize(g));
    ref.maxPool(x, g, want, wantIdx);
    expect(want[0]).toBe(-Infinity);
    expect(wantIdx[0]).toBe(-1);
    const got = poisoned(want.length);
    const gotIdx = new Int32Array(want.length).fill(-7);
    expect(maxPoolF32(runtime()!, x, g, got, gotIdx)).toBeUndefined();
    expect(firstDiff(got, want)).toBe(-1);
    expect(firstDiff(gotIdx, wantIdx)).toBe(-1);
    const wantAvg = new Float32Array(outSize(g));
    ref.avgPool(x, g, wantAvg);
    expect(wantAvg[0]).toBe(0);
    const gotAvg = poisoned(wantAvg.length);
    expect(avgPoolF32(runtime()!, x, g, gotAvg)).toBeUndefined();
    expect(relError(gotAvg, wantAvg)).toBeLessThan(1e-6);
    const dy = randomF32(new Generator(6), outSize(g));
    const wantDx = new Float32Array(inSize(g));
    ref.avgPoolBackward(dy, g, wantDx);
    const gotDx = poisoned(wantDx.length);
    expect(avgPoolBackwardF32(runtime()!, dy, g, gotDx)).toBeUndefined();
    expect(relError(gotDx, wantDx)).toBeLessThan(1e-6);
  });

  it('takes large float32 problems as dispatched, threads split as they may', () => {
    const undo = sendEverythingToWasm();
    try {
      setThreads(2);
      const g = windowGeometry('test', [3, 10, 12, 9], [3, 3], [2, 2], [1, 1], 'same');
      const x = tiedValues(new Generator(8), inSize(g));
      const want = new Float32Array(outSize(g));
      const wantIdx = new Int32Array(outSize(g));
      ref.maxPool(x, g, want, wantIdx);
      const got = poisoned(want.length);
      const gotIdx = new Int32Array(want.length).fill(-7);
      expect(maxPool(x, g, got, gotIdx)).toBeUndefined();
      expect(firstDiff(got, want)).toBe(-1);
      expect(firstDiff(gotIdx, wantIdx)).toBe(-1);
      const avg = poisoned(want.length);
      const y = randomF32(new Generator(9), inSize(g));
      ref.avgPool(y, g, want);
      expect(avgPool(y, g, avg)).toBeUndefined();
      expect(relError(avg, want)).toBeLessThan(1e-6);
      const dx = poisoned(inSize(g));
      const wantDx = new Float32Array(inSize(g));
      ref.avgPoolBackward(avg, g, wantDx);
      expect(avgPoolBackward(avg, g, dx)).toBeUndefined();
      expect(relError(dx, wantDx)).toBeLessThan(1e-6);
    } finally {
      undo();
    }
  });

  it('declines float64, integer and small problems', () => {
    const g = windowGeometry('test', [1, 8, 8, 2], [2, 2], [2, 2], [1, 1], 'valid');
    expect(maxPool(new Float64Array(128), g, new Float64Array(32), null)).toBe(false);
    expect(maxPool(new Int32Array(128), g, new Int32Array(32), null)).toBe(false);
    expect(maxPool(new Float32Array(128), g, new Float32Array(32), new Int32Array(32))).toBe(false);
    expect(avgPool(new Float32Array(128), g, new Float32Array(32))).toBe(false);
    expect(avgPool(new Float64Array(128), g, new Float64Array(32))).toBe(false);
    expect(avgPoolBackward(new Float32Array(32), g, new Float32Array(128))).toBe(false);
  });
});
