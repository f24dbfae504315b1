/**
 * The wasm GEMM against the js reference: fresh random inputs of awkward sizes, every transpose
 * flag, batches of 1 and 5 (with broadcast and permuted batch offsets), output poisoned before each
 * run, relative error < 1e-5; on one and two threads (bit-identical), with plain and relaxed SIMD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator } from '../../src/random.js';
import type { MatmulParams } from '../../src/backend/contract.js';
import { matmul as refMatmul } from '../../src/backend/js/matmul.js';
import { gemmF32, matmul as wasmMatmul } from '../../src/backend/wasm/gemm.js';
import { resetRuntime, setThreads } from '../../src/backend/wasm/index.js';
import { runtime } from '../../src/backend/wasm/runtime.js';
import { isRelaxed, poisoned, randomF32, relError, setupWasm } from './wasm-setup.js';

const SIZES = [1, 3, 7, 17, 33, 65, 127, 257];
const FLAGS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

interface Problem {
  a: Float32Array;
  b: Float32Array;
  p: MatmulParams;
}

/** A random problem; batch offsets step through A and reuse (broadcast) or permute B. */
function problem(gen: Generator, batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean): Problem {
  const bMats = batch > 1 ? 2 : 1;
  const a = randomF32(gen, batch * m * k);
  const b = randomF32(gen, bMats * k * n);
  const aOffsets = Int32Array.from({ length: batch }, (_, t) => (batch - 1 - t) * m * k);
  const bOffsets = Int32Array.from({ length: batch }, (_, t) => (t % bMats) * k * n);
  return { a, b, p: { batch, m, n, k, transA, transB, aOffsets, bOffsets } };
}

function check({ a, b, p }: Problem): number {
  const want = new Float32Array(p.batch * p.m * p.n);
  refMatmul(a, b, want, p);
  const got = poisoned(want.length);
  expect(gemmF32(runtime()!, a, b, got, p)).not.toBe(false);
  return relError(got, want);
}

/** Size triples: every size once as m, n and k, plus random non-square mixes. */
function triples(gen: Generator): [number, number, number][] {
  const out: [number, number, number][] = SIZES.map((s, i) => [s, SIZES[(i + 3) % 8]!, SIZES[(i + 5) % 8]!]);
  for (let i = 0; i < 8; i++) out.push([SIZES[gen.randint(0, 8)]!, SIZES[gen.randint(0, 8)]!, SIZES[gen.randint(0, 8)]!]);
  return out;
}

describe.each([
  { variant: 'simd', relaxed: false },
  { variant: 'relaxed-simd', relaxed: true },
])('wasm GEMM ($variant)', ({ relaxed }) => {
  beforeAll(async () => {
    await setupWasm({ relaxed });
  });
  afterAll(() => resetRuntime());

  it('runs the requested build', () => {
    // Relaxed SIMD is used wherever the runtime accepts it; the V8 flag makes Node 20 accept it.
    expect(isRelaxed()).toBe(relaxed);
  });

  it.each(FLAGS)('matches the reference, transA=%s transB=%s, batches 1 and 5, 1 thread', (transA, transB) => {
    setThreads(1);
    const gen = new Generator(transA ? (transB ? 4 : 3) : transB ? 2 : 1);
    for (const [m, n, k] of triples(gen)) {
      for (const batch of [1, 5]) {
        const err = check(problem(gen, batch, m, n, k, transA, transB));
        expect(err, `${batch}×${m}×${n}×${k}`).toBeLessThan(1e-5);
      }
    }
  });

  it('gives bit-identical results on 1 and 2 threads, split by rows, columns and batch', () => {
    const gen = new Generator(11);
    const cases = [
      problem(gen, 1, 257, 33, 65, false, false), // rows
      problem(gen, 1, 17, 257, 127, true, true), // columns
      problem(gen, 5, 65, 65, 33, false, true), // batch
      problem(gen, 1, 130, 1030, 300, true, false), // several column blocks, K blocks
    ];
    const outs = [1, 2].map((threads) => {
      setThreads(threads);
      expect(runtime()!.pool.size).toBe(threads);
      return cases.map(({ a, b, p }) => {
        const out = poisoned(p.batch * p.m * p.n);
        gemmF32(runtime()!, a, b, out, p);
        return out;
      });
    });
    outs[0]!.forEach((o, i) => {
      expect(Array.from(outs[1]![i]!)).toEqual(Array.from(o));
      const want = new Float32Array(o.length);
      refMatmul(cases[i]!.a, cases[i]!.b, want, cases[i]!.p);
      expect(relError(o, want)).toBeLessThan(1e-5);
    });
  });
});

describe('wasm matmul kernel (as dispatched)', () => {
  beforeAll(async () => {
    await setupWasm();
  });

  it('declines other dtypes and tiny products, takes float32', () => {
    const p: MatmulParams = { batch: 1, m: 2, n: 2, k: 2, transA: false, transB: false, aOffsets: new Int32Array(1), bOffsets: new Int32Array(1) };
    expect(wasmMatmul(new Float64Array(4), new Float64Array(4), new Float64Array(4), p)).toBe(false);
    expect(wasmMatmul(new Int32Array(4), new Int32Array(4), new Int32Array(4), p)).toBe(false);
    expect(wasmMatmul(new Float32Array(4), new Float32Array(4), new Float32Array(4), p)).toBe(false);
    const gen = new Generator(5);
    const big = problem(gen, 1, 40, 40, 40, false, false);
    const out = poisoned(1600);
    expect(wasmMatmul(big.a, big.b, out, big.p)).toBeUndefined();
    const want = new Float32Array(1600);
    refMatmul(big.a, big.b, want, big.p);
    expect(relError(out, want)).toBeLessThan(1e-5);
  });

  it('writes zeros when the inner dimension is 0', () => {
    const p: MatmulParams = { batch: 2, m: 3, n: 5, k: 0, transA: false, transB: false, aOffsets: new Int32Array(2), bOffsets: new Int32Array(2) };
    const out = poisoned(30);
    expect(wasmMatmul(new Float32Array(0), new Float32Array(0), out, p)).toBeUndefined();
    expect(Array.from(out)).toEqual(new Array(30).fill(0));
  });

  it('grows its memory for a large product and stays correct afterwards', () => {
    const gen = new Generator(6);
    const before = runtime()!.mem.memory.buffer.byteLength;
    const big = problem(gen, 1, 700, 900, 800, false, true);
    const out = poisoned(700 * 900);
    expect(wasmMatmul(big.a, big.b, out, big.p)).toBeUndefined();
    expect(runtime()!.mem.memory.buffer.byteLength).toBeGreaterThan(before);
    const want = new Float32Array(out.length);
    refMatmul(big.a, big.b, want, big.p);
    expect(relError(out, want)).toBeLessThan(1e-5);
    const small = problem(gen, 5, 33, 17, 65, true, false);
    const out2 = poisoned(5 * 33 * 17);
    expect(check(small)).toBeLessThan(1e-5);
    expect(wasmMatmul(small.a, small.b, out2, small.p)).toBeUndefined();
  });
});
