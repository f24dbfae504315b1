/**
 * Elementwise float32 functions on WebAssembly. Transcendental ones are computed in double
 * precision and rounded once, like the js reference, so results agree with it (but for inputs
 * within ~1e-16 of a float32 rounding boundary). Others (sin, cos, erf, bool outputs) decline.
 */
import type { UnaryOp } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, writeDesc } from './runtime.js';
import { split, tuning } from './tuning.js';

const UNARY = kernelIndex('unary');

/** Operation codes of asm/unary.ts. */
const CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0,
  abs: 1,
  square: 2,
  sqrt: 3,
  rsqrt: 4,
  reciprocal: 5,
  relu: 6,
  exp: 7,
  expm1: 8,
  log: 9,
  log1p: 10,
  tanh: 11,
  sigmoid: 12,
  floor: 13,
  ceil: 14,
  round: 15,
  sign: 16,
  identity: 17,
  positive: 17,
};

/** Ops whose js reference calls a Math function per element (wasm wins from small sizes). */
const HEAVY = new Set<UnaryOp>(['exp', 'expm1', 'log', 'log1p', 'tanh', 'sigmoid', 'rsqrt', 'sqrt']);

export function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void | false {
  const code = CODES[op];
  if (code === undefined || !(x instanceof Float32Array && out instanceof Float32Array)) return false;
  const heavy = HEAVY.has(op);
  if (x.length < (heavy ? tuning.unaryHeavyMinSize : tuning.unaryMinSize)) return false;
  const r = runtime();
  return r ? unaryF32(r, code, x, out, heavy) : false;
}

/** Runs op `code` on x into out through kernel memory; false when it does not fit. */
export function unaryF32(r: Runtime, code: number, x: Float32Array, out: Float32Array, heavy: boolean): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(8 * x.length + 1024)) return false;
  const px = mem.putF32(x);
  const po = mem.alloc(4 * x.length);
  const per = heavy ? tuning.unaryHeavyPerThread : tuning.unaryPerThread;
  const shares = Math.max(1, Math.min(activeThreads(r), Math.floor(x.length / per)));
  const descs = split(x.length, shares, 16).map(([i0, i1], t) => writeDesc(r, t, [code, px, po, i0, i1]));
  r.pool.run(UNARY, descs);
  out.set(mem.viewF32(po, x.length));
}
