/**
 * Strided iteration helpers shared by the reference kernels.
 *
 * A kernel walks its output as "rows" (runs along the last dimension) and needs each operand's
 * offset at the start of every row. `iterationPlan` merges adjacent dimensions that every operand
 * walks contiguously (so equal shapes become one long row), then lists the row offsets. Kernels
 * loop over those offsets in plain functions: no per-row closures, because a typed array captured
 * by a closure is read through its context on every access, which is several times slower.
 */
import type { Shape } from '../contract.js';

/** Strides of `inShape` aligned to `outShape` under broadcasting (0 where the input repeats). */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const r = outShape.length;
  const off = r - inShape.length;
  const strides = new Array<number>(r).fill(0);
  let acc = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    strides[i + off] = inShape[i] === 1 ? 0 : acc;
    acc *= inShape[i]!;
  }
  return strides;
}

export interface IterationPlan {
  /** Number of rows. */
  rows: number;
  /** Length of each row. */
  n: number;
  /** Each operand's step along a row. */
  steps: number[];
  /** Each operand's offset at the start of each row. */
  starts: Int32Array[];
}

/**
 * Plans a walk over `shape` (row-major) for operands with the given strides and start offsets.
 * Dimensions of size 1 are dropped, and a dimension merges into the next one when, for every
 * operand, stride[d] = stride[d+1]·shape[d+1].
 */
export function iterationPlan(shape: Shape, strides: readonly (readonly number[])[], offsets?: readonly number[]): IterationPlan {
  const k = strides.length;
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let j = 0; j < k && merge; j++) if (st[j]![last]! !== strides[j]![d]! * size) merge = false;
    if (merge) {
      dims[last] = dims[last]! * size;
      for (let j = 0; j < k; j++) st[j]![last] = strides[j]![d]!;
    } else {
      dims.push(size);
      for (let j = 0; j < k; j++) st[j]!.push(strides[j]![d]!);
    }
  }
  let total = 1;
  for (const d of shape) total *= d;
  const r = dims.length;
  const n = r ? dims[r - 1]! : 1;
  const rows = total === 0 ? 0 : total / n;
  const steps = st.map((s) => (r ? s[r - 1]! : 0));
  const starts = strides.map(() => new Int32Array(rows));
  if (rows === 0) return { rows, n, steps, starts };
  const pos = strides.map((_, j) => offsets?.[j] ?? 0);
  const idx = new Array<number>(r).fill(0);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < k; j++) starts[j]![row] = pos[j]!;
    for (let d = r - 2; d >= 0; d--) {
      if (++idx[d]! < dims[d]!) {
        for (let j = 0; j < k; j++) pos[j]! += st[j]![d]!;
        break;
      }
      idx[d] = 0;
      for (let j = 0; j < k; j++) pos[j]! -= st[j]![d]! * (dims[d]! - 1);
    }
  }
  return { rows, n, steps, starts };
}
