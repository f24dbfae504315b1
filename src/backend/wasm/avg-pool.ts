/**
 * Average pooling and its adjoint on WebAssembly (float32): the forward pass split across threads
 * by output position, the backward pass by images (so no two threads add into one image).
 */
import type { ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, writeDesc } from './runtime.js';
import { geometryArgs } from './conv.js';
import { split, tuning } from './tuning.js';

const AVG_POOL = kernelIndex('avgPool');
const AVG_POOL_BACKWARD = kernelIndex('avgPoolBackward');

/** The runtime when these kernels can take the call (a build older than this adapter lacks them). */
function usable(arrays: TypedArray[], outputs: number): Runtime | null {
  if (!arrays.every((a) => a instanceof Float32Array) || outputs < tuning.convMinSize) return null;
  const r = runtime();
  return r && typeof r.exports.avgPool === 'function' ? r : null;
}

/** Threads worth waking for `taps` taps read (or written) over `units` splittable units. */
function shares(r: Runtime, units: number, taps: number): number {
  return Math.max(1, Math.min(activeThreads(r), units, Math.floor(taps / tuning.convPerThread)));
}

export function avgPool(x: TypedArray, g: ConvGeometry, out: TypedArray): void | false {
  const r = usable([x, out], out.length);
  return r ? avgPoolF32(r, x as Float32Array, g, out as Float32Array) : false;
}

/** The forward kernel through kernel memory, whatever the size; false when it does not fit. */
export function avgPoolF32(r: Runtime, x: Float32Array, g: ConvGeometry, out: Float32Array): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (x.length + out.length) + 1024)) return false;
  const px = mem.putF32(x);
  const po = mem.alloc(4 * out.length);
  const rows = g.batch * g.outH * g.outW;
  const geo = geometryArgs(g);
  const n = shares(r, rows, out.length * g.kernelH * g.kernelW);
  const descs = split(rows, n, 1).map(([r0, r1], t) => writeDesc(r, t, [...geo, px, po, r0, r1]));
  r.pool.run(AVG_POOL, descs);
  out.set(mem.viewF32(po, out.length));
}

export function avgPoolBackward(dy: TypedArray, g: ConvGeometry, out: TypedArray): void | false {
  const r = usable([dy, out], dy.length);
  return r ? avgPoolBackwardF32(r, dy as Float32Array, g, out as Float32Array) : false;
}

/** The backward kernel through kernel memory, whatever the size; false when it does not fit. */
export function avgPoolBackwardF32(r: Runtime, dy: Float32Array, g: ConvGeometry, out: Float32Array): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (dy.length + out.length) + 1024)) return false;
  const pdy = mem.putF32(dy);
  const px = mem.alloc(4 * out.length);
  const geo = geometryArgs(g);
  const n = shares(r, g.batch, dy.length * g.kernelH * g.kernelW);
  const descs = split(g.batch, n, 1).map(([b0, b1], t) => writeDesc(r, t, [...geo, pdy, px, b0, b1]));
  r.pool.run(AVG_POOL_BACKWARD, descs);
  out.set(mem.viewF32(px, out.length));
}
