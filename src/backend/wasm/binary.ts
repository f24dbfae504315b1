/**
 * Broadcasting float32 arithmetic (add, sub, mul, div, maximum, minimum) and comparisons (to bool)
 * on WebAssembly. Shapes are collapsed first (adjacent dimensions that are contiguous for both
 * operands merge, size-1 dimensions drop), so a bias add [N, H, W, C] + [C] is rows of C.
 * Results are exactly the reference's: float32 arithmetic rounds as float64 arithmetic rounded once.
 */
import type { BinaryOp, Shape } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, writeDesc } from './runtime.js';
import { split, tuning } from './tuning.js';

const BINARY = kernelIndex('binary');
const MAX_RANK = 6;

const CODES: Partial<Record<BinaryOp, number>> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
  equal: 6,
  notEqual: 7,
  less: 8,
  lessEqual: 9,
  greater: 10,
  greaterEqual: 11,
};

/** Output dims with each operand's element strides (0 where it repeats), merged where possible. */
export function collapse(aShape: Shape, bShape: Shape, outShape: Shape): { dims: number[]; sa: number[]; sb: number[] } {
  const r = outShape.length;
  const strides = (s: Shape) => {
    const st = new Array<number>(r).fill(0);
    let acc = 1;
    for (let i = s.length - 1; i >= 0; i--) {
      const d = i + r - s.length;
      st[d] = s[i] === 1 ? 0 : acc;
      acc *= s[i]!;
    }
    return st;
  };
  const fa = strides(aShape);
  const fb = strides(bShape);
  const dims: number[] = [];
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < r; i++) {
    const n = outShape[i]!;
    if (n === 1) continue;
    const k = dims.length - 1;
    if (k >= 0 && sa[k] === fa[i]! * n && sb[k] === fb[i]! * n) {
      dims[k]! *= n;
      sa[k] = fa[i]!;
      sb[k] = fb[i]!;
    } else {
      dims.push(n);
      sa.push(fa[i]!);
      sb.push(fb[i]!);
    }
  }
  if (dims.length === 0) return { dims: [1], sa: [0], sb: [0] };
  return { dims, sa, sb };
}

export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void | false {
  const code = CODES[op];
  if (code === undefined || !(a instanceof Float32Array && b instanceof Float32Array)) return false;
  if (!(code >= 6 ? out instanceof Uint8Array : out instanceof Float32Array)) return false;
  if (out.length < tuning.binaryMinSize) return false;
  const r = runtime();
  return r ? binaryF32(r, code, a, aShape, b, bShape, out as Float32Array | Uint8Array, outShape) : false;
}

/** The kernel through kernel memory, whatever the size; false when the shapes collapse to more than 6 dimensions or do not fit. */
export function binaryF32(r: Runtime, code: number, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, out: Float32Array | Uint8Array, outShape: Shape): void | false {
  const { dims, sa, sb } = collapse(aShape, bShape, outShape);
  if (dims.length > MAX_RANK || out.length === 0) return out.length === 0 ? undefined : false;
  const mem = r.mem;
  mem.reset();
  const outBytes = out.length * out.BYTES_PER_ELEMENT;
  if (!mem.fits(4 * (a.length + b.length) + outBytes + 1024)) return false;
  const pa = mem.putF32(a);
  const pb = mem.putF32(b);
  const po = mem.alloc(outBytes);
  const pad = (v: number[]) => [...v, ...new Array<number>(MAX_RANK - v.length).fill(0)];
  const rows = out.length / dims[dims.length - 1]!;
  const shares = Math.max(1, Math.min(activeThreads(r), rows, Math.floor(out.length / tuning.binaryPerThread)));
  const descs = split(rows, shares, 1).map(([r0, r1], t) => writeDesc(r, t, [code, pa, pb, po, dims.length, r0, r1, ...pad(dims), ...pad(sa), ...pad(sb)]));
  r.pool.run(BINARY, descs);
  if (out instanceof Float32Array) out.set(mem.viewF32(po, out.length));
  else out.set(new Uint8Array(mem.memory.buffer, po, out.length));
}
