/** Reference data-movement kernels: strided copy, pad, concat, gather, scatter-add, random fill. */
import type { RandomKind, Shape } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Generator } from '../../random.js';
import { iterationPlan } from './broadcast.js';

export function copy(x: TypedArray, offset: number, strides: readonly number[], out: TypedArray, outShape: Shape): void {
  if (out.length === 0) return;
  if (outShape.length === 0) {
    out[0] = x[offset]!;
    return;
  }
  const plan = iterationPlan(outShape, [strides], [offset]);
  const offs = plan.starts[0]!;
  const step = plan.steps[0]!;
  const n = plan.n;
  for (let row = 0; row < plan.rows; row++) copyRow(x, offs[row]!, step, out, row * n, n);
}

function copyRow(x: TypedArray, p: number, step: number, out: TypedArray, o: number, n: number): void {
  const end = o + n;
  if (step === 1) for (let j = o; j < end; j++, p++) out[j] = x[p]!;
  else for (let j = o; j < end; j++, p += step) out[j] = x[p]!;
}

export function pad(x: TypedArray, shape: Shape, before: readonly number[], value: number, out: TypedArray, outShape: Shape): void {
  out.fill(value);
  if (x.length === 0) return;
  const r = shape.length;
  if (r === 0) {
    out[0] = x[0]!;
    return;
  }
  // Write x into the interior: walk x's rows, each landing at its padded offset in out.
  const outStrides = new Array<number>(r);
  let acc = 1;
  for (let i = r - 1; i >= 0; i--) {
    outStrides[i] = acc;
    acc *= outShape[i]!;
  }
  let start = 0;
  for (let i = 0; i < r; i++) start += before[i]! * outStrides[i]!;
  const inStrides = new Array<number>(r);
  acc = 1;
  for (let i = r - 1; i >= 0; i--) {
    inStrides[i] = acc;
    acc *= shape[i]!;
  }
  const plan = iterationPlan(shape, [inStrides, outStrides], [0, start]);
  const [offX, offOut] = plan.starts as [Int32Array, Int32Array];
  const step = plan.steps[1]!;
  for (let row = 0; row < plan.rows; row++) scatterRow(x, offX[row]!, out, offOut[row]!, step, plan.n);
}

function scatterRow(x: TypedArray, px: number, out: TypedArray, p: number, step: number, n: number): void {
  const end = px + n;
  for (let i = px; i < end; i++, p += step) out[p] = x[i]!;
}

export function concat(xs: readonly TypedArray[], shapes: readonly Shape[], axis: number, out: TypedArray, outShape: Shape): void {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= outShape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < outShape.length; i++) inner *= outShape[i]!;
  const outRow = outShape[axis]! * inner;
  let colStart = 0;
  for (let t = 0; t < xs.length; t++) {
    const x = xs[t]!;
    const chunk = shapes[t]![axis]! * inner;
    for (let o = 0; o < outer; o++) {
      const src = o * chunk;
      const dst = o * outRow + colStart;
      for (let j = 0; j < chunk; j++) out[dst + j] = x[src + j]!;
    }
    colStart += chunk;
  }
}

function split3(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

export function gather(x: TypedArray, shape: Shape, axis: number, indices: Int32Array, out: TypedArray): void {
  const [outer, n, inner] = split3(shape, axis);
  const m = indices.length;
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < m; t++) {
      const src = (o * n + indices[t]!) * inner;
      const dst = (o * m + t) * inner;
      for (let j = 0; j < inner; j++) out[dst + j] = x[src + j]!;
    }
  }
}

export function scatterAdd(out: TypedArray, outShape: Shape, axis: number, indices: Int32Array, src: TypedArray): void {
  const [outer, n, inner] = split3(outShape, axis);
  const m = indices.length;
  for (let o = 0; o < outer; o++) {
    for (let t = 0; t < m; t++) {
      const dst = (o * n + indices[t]!) * inner;
      const s = (o * m + t) * inner;
      for (let j = 0; j < inner; j++) out[dst + j]! += src[s + j]!;
    }
  }
}

export function random(kind: RandomKind, out: TypedArray, a: number, b: number, gen: Generator): void {
  const n = out.length;
  switch (kind) {
    case 'uniform':
      for (let i = 0; i < n; i++) out[i] = gen.uniform(a, b);
      return;
    case 'normal':
      for (let i = 0; i < n; i++) out[i] = gen.normal(a, b);
      return;
    case 'truncatedNormal':
      // Redraw anything beyond two standard deviations (Keras's and TensorFlow's rule).
      for (let i = 0; i < n; i++) {
        let z: number;
        do z = gen.normal(0, 1);
        while (Math.abs(z) > 2);
        out[i] = a + b * z;
      }
      return;
  }
}
