/** Strided iteration helpers shared by the reference kernels. */
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

/**
 * Walks `outShape` in row-major order, calling `inner(outStart, offsets, n)` once per run of the
 * last dimension with the current offset of each strided operand. `offsets[j]` starts at `starts[j]`.
 */
export function forEachRow(
  outShape: Shape,
  strides: readonly (readonly number[])[],
  starts: readonly number[],
  inner: (outStart: number, offsets: number[], n: number) => void,
): void {
  const r = outShape.length;
  const offsets = starts.slice();
  if (r === 0) {
    inner(0, offsets, 1);
    return;
  }
  const n = outShape[r - 1]!;
  let total = 1;
  for (const d of outShape) total *= d;
  if (total === 0) return;
  const rows = total / n;
  const idx = new Array<number>(r).fill(0);
  const k = strides.length;
  for (let row = 0; row < rows; row++) {
    inner(row * n, offsets, n);
    for (let d = r - 2; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < outShape[d]!) {
        for (let j = 0; j < k; j++) offsets[j]! += strides[j]![d]!;
        break;
      }
      idx[d] = 0;
      for (let j = 0; j < k; j++) offsets[j]! -= strides[j]![d]! * (outShape[d]! - 1);
    }
  }
}
