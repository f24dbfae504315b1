/** Reference data-movement kernels: strided copy, pad, concat, gather, scatter-add, random fill. */
import type { RandomKind, Shape } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Generator } from '../../random.js';
import { forEachRow } from './broadcast.js';

export function copy(x: TypedArray, offset: number, strides: readonly number[], out: TypedArray, outShape: Shape): void {
  const r = outShape.length;
  if (r === 0) {
    out[0] = x[offset]!;
    return;
  }
  const step = strides[r - 1]!;
  forEachRow(outShape, [strides], [offset], (o, offs, len) => {
    let p = offs[0]!;
    if (step === 1) {
      for (let j = 0; j < len; j++) out[o + j] = x[p + j]!;
    } else {
      for (let j = 0; j < len; j++, p += step) out[o + j] = x[p]!;
    }
  });
}

export function pad(x: TypedArray, shape: Shape, before: readonly number[], value: number, out: TypedArray, outShape: Shape): void {
  out.fill(value);
  const r = shape.length;
  if (x.length === 0) return;
  // Write x into the interior: walk x's rows, each landing at its padded offset in out.
  const outStrides = new Array<number>(r);
  let acc = 1;
  for (let i = r - 1; i >= 0; i--) {
    outStrides[i] = acc;
    acc *= outShape[i]!;
  }
  let start = 0;
  for (let i = 0; i < r; i++) start += before[i]! * outStrides[i]!;
  if (r === 0) {
    out[0] = x[0]!;
    return;
  }
  forEachRow(shape, [outStrides], [start], (i0, offs, len) => {
    const p = offs[0]!;
    for (let j = 0; j < len; j++) out[p + j] = x[i0 + j]!;
  });
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
