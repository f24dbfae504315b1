/**
 * Max pooling on WebAssembly (float32): values and, when asked, the flat index of each window's
 * maximum in one pass, split across threads by output position.
 */
import type { ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, writeDesc } from './runtime.js';
import { geometryArgs } from './conv.js';
import { split, tuning } from './tuning.js';

const MAX_POOL = kernelIndex('maxPool');

export function maxPool(x: TypedArray, g: ConvGeometry, out: TypedArray, indices: Int32Array | null): void | false {
  if (!(x instanceof Float32Array && out instanceof Float32Array) || out.length < tuning.convMinSize) return false;
  const r = runtime();
  // A build of the kernels older than this adapter lacks the export: the reference runs instead.
  return r && typeof r.exports.maxPool === 'function' ? maxPoolF32(r, x, g, out, indices) : false;
}

/** The kernel through kernel memory, whatever the size; false when it does not fit. */
export function maxPoolF32(r: Runtime, x: Float32Array, g: ConvGeometry, out: Float32Array, indices: Int32Array | null): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (x.length + out.length + (indices ? out.length : 0)) + 1024)) return false;
  const px = mem.putF32(x);
  const po = mem.alloc(4 * out.length);
  const pi = indices ? mem.alloc(4 * out.length) : 0;
  const rows = g.batch * g.outH * g.outW;
  // The work is the taps read: split when each thread would read enough of them.
  const taps = out.length * g.kernelH * g.kernelW;
  const shares = Math.max(1, Math.min(activeThreads(r), rows, Math.floor(taps / tuning.convPerThread)));
  const geo = geometryArgs(g);
  const descs = split(rows, shares, 1).map(([r0, r1], t) => writeDesc(r, t, [...geo, px, po, pi, r0, r1]));
  r.pool.run(MAX_POOL, descs);
  out.set(mem.viewF32(po, out.length));
  if (indices) indices.set(mem.i32.subarray(pi >> 2, (pi >> 2) + out.length));
}
