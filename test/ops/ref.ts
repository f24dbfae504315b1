/**
 * Naive reference implementations for forward-value tests: index arithmetic written the obvious
 * way, independent of the kernels under test.
 */
import * as nb from 'nabla';

type T = nb.Tensor;

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** The multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** Flat position in `shape` of an output index under broadcasting (size-1 and missing axes repeat). */
function bIndex(outIdx: number[], shape: readonly number[]): number {
  const off = outIdx.length - shape.length;
  const st = stridesOf(shape);
  let p = 0;
  for (let d = 0; d < shape.length; d++) p += (shape[d] === 1 ? 0 : outIdx[d + off]!) * st[d]!;
  return p;
}

/** `f` applied elementwise under NumPy broadcasting, as plain numbers, with its output shape. */
export function refBinary(a: T, b: T, f: (x: number, y: number) => number): { shape: number[]; values: number[] } {
  const shape = nb.broadcastShapes('ref', a.shape, b.shape);
  const n = shape.reduce((p, d) => p * d, 1);
  const ad = a.data();
  const bd = b.data();
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, shape);
    values.push(f(ad[bIndex(idx, a.shape)]!, bd[bIndex(idx, b.shape)]!));
  }
  return { shape, values };
}

/** Groups the elements of `x` by their position outside `axes` and reduces each group with `f`. */
export function refReduce(
  x: T,
  axes: number | number[] | undefined,
  keepDims: boolean,
  f: (vals: number[]) => number,
): { shape: number[]; values: number[] } {
  const r = x.rank;
  const ax = axes === undefined ? [...Array(r).keys()] : (typeof axes === 'number' ? [axes] : axes).map((a) => (a < 0 ? a + r : a));
  const outShape = x.shape.filter((_, i) => !ax.includes(i));
  const groups = new Map<number, number[]>();
  const outStrides = stridesOf(outShape);
  const d = x.data();
  for (let i = 0; i < x.size; i++) {
    const idx = unravel(i, x.shape);
    let o = 0;
    let k = 0;
    for (let q = 0; q < r; q++) if (!ax.includes(q)) o += idx[q]! * outStrides[k++]!;
    if (!groups.has(o)) groups.set(o, []);
    groups.get(o)!.push(d[i]!);
  }
  const n = outShape.reduce((p, q) => p * q, 1);
  const values = Array.from({ length: n }, (_, o) => f(groups.get(o) ?? []));
  const shape = keepDims ? x.shape.map((s, i) => (ax.includes(i) ? 1 : s)) : outShape;
  return { shape, values };
}

/** Asserts every value is within `tol` relative (to max(1, |expected|)) of the reference. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): { ok: boolean; worst: string } {
  if (actual.length !== expected.length) return { ok: false, worst: `length ${actual.length} vs ${expected.length}` };
  let worstErr = 0;
  let worst = '';
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= worstErr)) {
      worstErr = Number.isNaN(err) ? Infinity : err;
      worst = `index ${i}: got ${a}, expected ${e}`;
    }
  }
  return { ok: worstErr <= tol, worst };
}

/** Naive matrix product of row-major [m,k] and [k,n] blocks, in float64. */
export function refMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q]! * b[q * n + j]!;
      out[i * n + j] = s;
    }
  return out;
}
