/**
 * The wasm im2col and col2im against the js reference on awkward geometries (channels 1, 3, 7, 32;
 * strides, dilation, 'same' and 'valid' padding, batches 1 and 5), outputs poisoned, on 1 and 2 threads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../../src/random.js';
import type { ConvGeometry } from '../../src/backend/contract.js';
import { col2im as refCol2im, im2col as refIm2col } from '../../src/backend/js/conv.js';
import * as refFused from '../../src/backend/js/conv-gemm.js';
import * as fused from '../../src/backend/wasm/conv-gemm.js';
import { tuning } from '../../src/backend/wasm/tuning.js';
import { col2im, col2imF32, colsSize, im2col, im2colF32, imageSize } from '../../src/backend/wasm/conv.js';
import { runtime } from '../../src/backend/wasm/runtime.js';
import { setThreads } from '../../src/backend/wasm/index.js';
import { windowGeometry } from '../../src/primitives/conv-geometry.js';
import { poisoned, randomF32, relError, setupWasm } from './wasm-setup.js';

type Case = [shape: [number, number, number, number], kernel: [number, number], strides: [number, number], dilation: [number, number], padding: 'same' | 'valid'];

const CASES: Case[] = [
  [[5, 28, 28, 1], [3, 3], [1, 1], [1, 1], 'same'],
  [[1, 17, 33, 7], [3, 5], [2, 1], [1, 2], 'valid'],
  [[5, 14, 14, 32], [3, 3], [1, 1], [1, 1], 'same'],
  [[1, 65, 7, 3], [7, 1], [3, 2], [1, 1], 'same'],
  [[5, 9, 9, 3], [4, 4], [3, 3], [2, 1], 'same'],
  [[1, 33, 33, 17], [1, 1], [2, 2], [1, 1], 'valid'],
];

const label = (c: Case) => `${c[0].join('×')} k${c[1].join('×')} s${c[2].join('×')} d${c[3].join('×')} ${c[4]}`;

describe('wasm im2col / col2im', () => {
  beforeAll(async () => {
    await setupWasm();
  });

  describe.each([1, 2])('%i thread(s)', (threads) => {
    it.each(CASES.map((c) => [label(c), c] as const))('%s', (_, c) => {
      setThreads(threads);
      const g: ConvGeometry = windowGeometry('test', c[0], c[1], c[2], c[3], c[4]);
      const gen = new Generator(colsSize(g));
      const x = randomF32(gen, imageSize(g));
      const want = new Float32Array(colsSize(g));
      refIm2col(x, g, want);
      const got = poisoned(want.length);
      expect(im2colF32(runtime()!, x, g, got)).toBeUndefined();
      expect(Array.from(got)).toEqual(Array.from(want)); // a copy: exact

      const cols = randomF32(gen, colsSize(g));
      const wantX = new Float32Array(imageSize(g));
      refCol2im(cols, g, wantX);
      const gotX = poisoned(wantX.length);
      expect(col2imF32(runtime()!, cols, g, gotX)).toBeUndefined();
      expect(relError(gotX, wantX)).toBeLessThan(1e-6);
    });
  });

  it('takes large float32 problems as dispatched', () => {
    const g = windowGeometry('test', [2, 16, 16, 8], [3, 3], [1, 1], [1, 1], 'same');
    const x = randomF32(new Generator(9), imageSize(g));
    const want = new Float32Array(colsSize(g));
    refIm2col(x, g, want);
    const got = poisoned(want.length);
    expect(im2col(x, g, got)).toBeUndefined();
    expect(Array.from(got)).toEqual(Array.from(want));
    const back = poisoned(x.length);
    const wantBack = new Float32Array(x.length);
    refCol2im(want, g, wantBack);
    expect(col2im(want, g, back)).toBeUndefined();
    expect(relError(back, wantBack)).toBeLessThan(1e-6);
  });

  it('declines float64 and small problems', () => {
    const g = windowGeometry('test', [1, 4, 4, 1], [3, 3], [1, 1], [1, 1], 'same');
    expect(im2col(new Float64Array(16), g, new Float64Array(144))).toBe(false);
    expect(im2col(new Float32Array(16), g, new Float32Array(144))).toBe(false);
    expect(col2im(new Float32Array(144), g, new Float32Array(16))).toBe(false);
  });
});

describe('wasm fused convolutions (conv2d and both gradients)', () => {
  const saved = tuning.convChunkBytes;
  beforeAll(async () => {
    await setupWasm();
  });

  const FUSED: [...Case, number][] = [
    [[5, 28, 28, 1], [3, 3], [1, 1], [1, 1], 'same', 32],
    [[3, 14, 14, 32], [3, 3], [1, 1], [1, 1], 'same', 64],
    [[1, 17, 33, 7], [3, 5], [2, 1], [1, 2], 'valid', 3],
    [[5, 9, 9, 3], [4, 4], [3, 3], [2, 1], 'same', 17],
    [[5, 7, 9, 33], [1, 1], [1, 1], [1, 1], 'valid', 65],
  ];

  describe.each([
    { threads: 1, chunk: saved },
    { threads: 2, chunk: saved },
    { threads: 2, chunk: 4096 }, // a few images per chunk: the filter gradient accumulates across chunks
  ])('$threads thread(s), patches in chunks of $chunk bytes', ({ threads, chunk }) => {
    it.each(FUSED.map((c) => [`${label(c.slice(0, 5) as Case)} → ${c[5]} filters`, c] as const))('%s', (_, c) => {
      setThreads(threads);
      tuning.convChunkBytes = chunk;
      try {
        const g: ConvGeometry = windowGeometry('test', c[0], c[1], c[2], c[3], c[4]);
        const filters = c[5];
        const gen = new Generator(imageSize(g) + filters);
        const x = randomF32(gen, imageSize(g));
        const w = randomF32(gen, g.kernelH * g.kernelW * g.channels * filters);
        const ySize = g.batch * g.outH * g.outW * filters;
        const dy = randomF32(gen, ySize);

        const y = new Float32Array(ySize);
        refFused.conv2d(x, w, g, filters, y);
        const gotY = poisoned(ySize);
        expect(fused.conv2d(x, w, g, filters, gotY)).toBeUndefined();
        expect(relError(gotY, y)).toBeLessThan(1e-5);

        // With the epilogue: + bias, then relu (about half the outputs clip to 0).
        const bias = randomF32(gen, filters);
        const yb = new Float32Array(ySize);
        refFused.conv2d(x, w, g, filters, yb, { bias, relu: true });
        const gotYb = poisoned(ySize);
        expect(fused.conv2d(x, w, g, filters, gotYb, { bias, relu: true })).toBeUndefined();
        expect(relError(gotYb, yb)).toBeLessThan(1e-5);
        expect(gotYb.filter((v) => v === 0).length).toBeGreaterThan(ySize / 5);

        const dx = new Float32Array(x.length);
        refFused.conv2dBackwardInput(dy, w, g, filters, dx);
        const gotDx = poisoned(x.length);
        expect(fused.conv2dBackwardInput(dy, w, g, filters, gotDx)).toBeUndefined();
        expect(relError(gotDx, dx)).toBeLessThan(1e-5);

        const dw = new Float32Array(w.length);
        refFused.conv2dBackwardFilter(x, dy, g, filters, dw);
        const gotDw = poisoned(w.length);
        expect(fused.conv2dBackwardFilter(x, dy, g, filters, gotDw)).toBeUndefined();
        expect(relError(gotDw, dw)).toBeLessThan(1e-5);
      } finally {
        tuning.convChunkBytes = saved;
      }
    });
  });

  it('declines float64', () => {
    const g = windowGeometry('test', [2, 8, 8, 4], [3, 3], [1, 1], [1, 1], 'same');
    expect(fused.conv2d(new Float64Array(512), new Float64Array(144), g, 4, new Float64Array(512))).toBe(false);
  });
});
