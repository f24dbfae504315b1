/** Max pooling's window argmax on WebAssembly (float32 input), split across threads by output position. */
import type { ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, writeDesc } from './runtime.js';
import { geometryArgs } from './conv.js';
import { split, tuning } from './tuning.js';

const MAX_POOL = kernelIndex('maxPoolIndices');

export function maxPoolIndices(x: TypedArray, g: ConvGeometry, out: Int32Array): void | false {
  if (!(x instanceof Float32Array) || out.length < tuning.convMinSize) return false;
  const r = runtime();
  return r ? maxPoolIndicesF32(r, x, g, out) : false;
}

/** The kernel through kernel memory, whatever the size; false when it does not fit. */
export function maxPoolIndicesF32(r: Runtime, x: Float32Array, g: ConvGeometry, out: Int32Array): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (x.length + out.length) + 1024)) return false;
  const px = mem.putF32(x);
  const po = mem.alloc(4 * out.length);
  const rows = g.batch * g.outH * g.outW;
  const shares = Math.max(1, Math.min(activeThreads(r), rows, Math.floor(out.length / tuning.convPerThread)));
  const geo = geometryArgs(g);
  const descs = split(rows, shares, 1).map(([r0, r1], t) => writeDesc(r, t, [...geo, px, po, r0, r1]));
  r.pool.run(MAX_POOL, descs);
  out.set(mem.i32.subarray(po >> 2, (po >> 2) + out.length));
}
