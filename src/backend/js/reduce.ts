/** Reference reductions and running sums. Sums accumulate in float64 whatever the dtype. */
import type { ReduceOp, Shape } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { iterationPlan } from './broadcast.js';
import { stridesOf } from '../../tensor/shape.js';


export function reduce(op: ReduceOp, x: TypedArray, shape: Shape, axes: readonly number[], out: TypedArray): void {
  if (op === 'argmax' || op === 'argmin') {
    argReduce(op, x, shape, axes[0]!, out);
    return;
  }
  const r = shape.length;
  // Output strides placed on the input's axes (0 on reduced axes), so each input element knows its slot.
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const os = stridesOf(outShape);
  const outStrides = new Array<number>(r).fill(0);
  let j = 0;
  for (let i = 0; i < r; i++) if (!axes.includes(i)) outStrides[i] = os[j++]!;
  const outSize = out.length;
  if (outSize === 0) return;

  // Fast path: reducing a contiguous tail of axes (e.g. sum over the last axis).
  let tailFrom = r;
  while (tailFrom > 0 && axes.includes(tailFrom - 1)) tailFrom--;
  const tailIsAll = axes.length === r - tailFrom;
  if (tailIsAll) {
    const inner = x.length / outSize || 0;
    for (let o = 0; o < outSize; o++) out[o] = reduceRun(op, x, o * inner, inner);
    return;
  }

  const acc = new Float64Array(outSize).fill(identity(op));
  const plan = iterationPlan(shape, [stridesOf(shape), outStrides]);
  const [offX, offAcc] = plan.starts as [Int32Array, Int32Array];
  const step = plan.steps[1]!;
  for (let row = 0; row < plan.rows; row++) reduceInto(op, x, offX[row]!, acc, offAcc[row]!, step, plan.n);
  for (let o = 0; o < outSize; o++) out[o] = acc[o]!;
}

/** Folds a contiguous run of `x` into `acc`, moving `step` along `acc` per element (0: into one slot). */
function reduceInto(op: ReduceOp, x: TypedArray, px: number, acc: Float64Array, p: number, step: number, n: number): void {
  const end = px + n;
  switch (op) {
    case 'sum':
      for (let i = px; i < end; i++, p += step) acc[p]! += x[i]!;
      return;
    case 'prod':
      for (let i = px; i < end; i++, p += step) acc[p]! *= x[i]!;
      return;
    case 'max':
      for (let i = px; i < end; i++, p += step) {
        const v = x[i]!;
        if (v > acc[p]! || v !== v) acc[p] = v;
      }
      return;
    default:
      for (let i = px; i < end; i++, p += step) {
        const v = x[i]!;
        if (v < acc[p]! || v !== v) acc[p] = v;
      }
  }
}

function identity(op: ReduceOp): number {
  switch (op) {
    case 'sum':
      return 0;
    case 'prod':
      return 1;
    case 'max':
      return -Infinity;
    default:
      return Infinity;
  }
}

function reduceRun(op: ReduceOp, x: TypedArray, start: number, n: number): number {
  const end = start + n;
  switch (op) {
    case 'sum': {
      let s = 0;
      for (let i = start; i < end; i++) s += x[i]!;
      return s;
    }
    case 'prod': {
      let s = 1;
      for (let i = start; i < end; i++) s *= x[i]!;
      return s;
    }
    case 'max': {
      let s = -Infinity;
      for (let i = start; i < end; i++) {
        const v = x[i]!;
        if (v > s || v !== v) {
          s = v;
          if (v !== v) break;
        }
      }
      return s;
    }
    default: {
      let s = Infinity;
      for (let i = start; i < end; i++) {
        const v = x[i]!;
        if (v < s || v !== v) {
          s = v;
          if (v !== v) break;
        }
      }
      return s;
    }
  }
}

function argReduce(op: 'argmax' | 'argmin', x: TypedArray, shape: Shape, axis: number, out: TypedArray): void {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  const n = shape[axis]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  const better = op === 'argmax' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * n * inner + q;
      let best = x[base]!;
      let bi = 0;
      // The first NaN wins (NumPy treats NaN as the extreme value).
      if (best === best) {
        for (let t = 1; t < n; t++) {
          const v = x[base + t * inner]!;
          if (v !== v) {
            bi = t;
            break;
          }
          if (better(v, best)) {
            best = v;
            bi = t;
          }
        }
      }
      out[o * inner + q] = bi;
    }
  }
}

export function cumsum(x: TypedArray, shape: Shape, axis: number, reverse: boolean, out: TypedArray): void {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  const n = shape[axis]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  for (let o = 0; o < outer; o++) {
    for (let q = 0; q < inner; q++) {
      const base = o * n * inner + q;
      let s = 0;
      if (!reverse) {
        for (let t = 0; t < n; t++) {
          s += x[base + t * inner]!;
          out[base + t * inner] = s;
        }
      } else {
        for (let t = n - 1; t >= 0; t--) {
          s += x[base + t * inner]!;
          out[base + t * inner] = s;
        }
      }
    }
  }
}
