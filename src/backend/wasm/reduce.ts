/**
 * Float32 sum, max and min reductions on WebAssembly, accumulated in float64 like the reference.
 * The reduced axes must collapse to one block: x viewed as [outer, red, inner] (softmax's last
 * axis, a bias gradient's leading axes, a middle axis); other patterns decline.
 */
import type { ReduceOp, Shape } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, workAddress, writeDesc } from './runtime.js';
import { split, tuning } from './tuning.js';

const REDUCE = kernelIndex('reduce');
const CODES: Partial<Record<ReduceOp, number>> = { sum: 0, max: 1, min: 2 };

/** [outer, red, inner] when the reduced axes form one contiguous block after dropping size-1 axes, else null. */
export function reductionView(shape: Shape, axes: readonly number[]): [number, number, number] | null {
  const parts: { n: number; reduced: boolean }[] = [];
  shape.forEach((n, i) => {
    if (n === 1) return;
    const reduced = axes.includes(i);
    const last = parts[parts.length - 1];
    if (last && last.reduced === reduced) last.n *= n;
    else parts.push({ n, reduced });
  });
  const red = parts.filter((p) => p.reduced);
  if (red.length > 1) return null;
  if (red.length === 0) return [parts.reduce((a, p) => a * p.n, 1), 1, 1];
  const at = parts.indexOf(red[0]!);
  const outer = at > 0 ? parts[0]!.n : 1;
  const inner = at < parts.length - 1 ? parts[parts.length - 1]!.n : 1;
  return [outer, red[0]!.n, inner];
}

export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void | false {
  const code = CODES[op];
  if (code === undefined || !(x instanceof Float32Array && out instanceof Float32Array) || x.length < tuning.reduceMinSize) return false;
  const view = reductionView(shape, axes);
  const r = view && runtime();
  return r ? reduceF32(r, code, x, view!, out) : false;
}

/** The kernel through kernel memory, whatever the size; false when it does not fit. */
export function reduceF32(r: Runtime, code: number, x: Float32Array, [outer, red, inner]: [number, number, number], out: Float32Array): void | false {
  if (out.length === 0) return;
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (x.length + out.length) + 1024)) return false;
  const px = mem.putF32(x);
  const po = mem.alloc(4 * out.length);
  const want = Math.max(1, Math.min(activeThreads(r), Math.floor(x.length / tuning.reducePerThread)));
  // Split the outer rows; with one row, strips of the inner columns (multiples of 4).
  const ranges = outer >= want ? split(outer, want, 1).map(([o0, o1]) => [o0, o1, 0, inner]) : split(inner, want, 4).map(([j0, j1]) => [0, outer, j0, j1]);
  const descs = ranges.map((rg, t) => writeDesc(r, t, [code, px, po, outer, red, inner, ...rg, workAddress(r, t)]));
  r.pool.run(REDUCE, descs);
  out.set(mem.viewF32(po, out.length));
}
