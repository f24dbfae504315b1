/**
 * The matmul kernel on WebAssembly: float32 only; the operands are copied into kernel memory, the
 * product is split across threads (by batch, else by rows or columns of C), and copied back.
 * Each element of C is computed by one thread in the same order whatever the thread count, so
 * results do not depend on it.
 */
import type { MatmulParams } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, workAddress, writeDesc } from './runtime.js';
import { split, tuning } from './tuning.js';

const GEMM = kernelIndex('gemm');
const MR = 4;
const NR = 8;

/** Activation fused into the GEMM's epilogue. */
export type Epilogue = { bias?: Float32Array; relu?: boolean };

/** A product whose operands already sit in kernel memory (byte addresses). */
export interface GemmAt {
  batch: number;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  a: number;
  b: number;
  c: number;
  /** Int32 arrays of per-product element offsets into A and B. */
  aOffsets: number;
  bOffsets: number;
  /** Per-column bias (0: none), relu, and accumulation into C. */
  bias?: number;
  relu?: boolean;
  accumulate?: boolean;
}

export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, p: MatmulParams): void | false {
  if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)) return false;
  if (p.batch * p.m * p.n * p.k < tuning.gemmMinWork && p.k > 0) return false;
  const r = runtime();
  if (!r) return false;
  return gemmF32(r, a, b, out, p);
}

/** `out = op(A)·op(B) (+ bias, relu)` in kernel memory; false when it does not fit there. */
export function gemmF32(r: Runtime, a: Float32Array, b: Float32Array, out: Float32Array, p: MatmulParams, epi: Epilogue = {}): void | false {
  const outSize = p.batch * p.m * p.n;
  if (outSize === 0) return;
  const mem = r.mem;
  mem.reset();
  const bytes = 4 * (a.length + b.length + outSize + 2 * p.batch + (epi.bias ? p.n : 0));
  if (!mem.fits(bytes + 1024)) return false;
  const pa = mem.putF32(a);
  const pb = mem.putF32(b);
  const pc = mem.alloc(outSize * 4);
  const aOffsets = mem.putI32(p.aOffsets);
  const bOffsets = mem.putI32(p.bOffsets);
  const bias = epi.bias ? mem.putF32(epi.bias) : 0;
  gemmAt(r, { ...p, a: pa, b: pb, c: pc, aOffsets, bOffsets, bias, relu: epi.relu ?? false });
  out.set(mem.viewF32(pc, outSize));
}

/** Runs a product on operands in kernel memory, split across the threads that are ready. */
export function gemmAt(r: Runtime, g: GemmAt): void {
  const { batch, m, n, k, transA, transB } = g;
  const rsA = transA ? 1 : k;
  const csA = transA ? m : 1;
  const rsB = transB ? 1 : n;
  const csB = transB ? k : 1;
  const work = batch * m * n * k;
  const shares = Math.max(1, Math.min(activeThreads(r), Math.floor(work / tuning.gemmWorkPerThread)));
  const tail = [g.bias ?? 0, g.relu ? 1 : 0, g.accumulate ? 1 : 0];
  const descs: number[] = [];
  const add = (t0: number, t1: number, i0: number, i1: number, j0: number, j1: number) => {
    const t = descs.length;
    descs.push(writeDesc(r, t, [t0, t1, m, n, k, g.a, rsA, csA, g.b, rsB, csB, g.c, g.aOffsets, g.bOffsets, i0, i1, j0, j1, workAddress(r, t), ...tail]));
  };
  if (shares === 1) {
    add(0, batch, 0, m, 0, n);
  } else if (batch >= shares) {
    for (const [t0, t1] of split(batch, shares, 1)) add(t0, t1, 0, m, 0, n);
  } else if (m >= n) {
    for (const [i0, i1] of split(m, shares, MR)) add(0, batch, i0, i1, 0, n);
  } else {
    for (const [j0, j1] of split(n, shares, NR)) add(0, batch, 0, m, j0, j1);
  }
  r.pool.run(GEMM, descs);
}
