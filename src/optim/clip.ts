/**
 * Gradient clipping, as optimizer options (`clipValue`, `clipNorm`, `globalClipNorm`) and as
 * functions for hand-written loops (PyTorch's `clip_grad_norm_` / `clip_grad_value_`). The
 * exploding gradients of recurrent networks are the usual reason to clip.
 *
 * @example loss.backward(); nb.optim.clipGradNorm(model.parameters(), 1.0); opt.step();
 */
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import type { FloatArray } from './updates.js';
import { checkNumber } from '../check.js';

/** √(Σ over all arrays of Σ x²). */
export function globalNorm(arrays: readonly ArrayLike<number>[]): number {
  let s = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** Copies scaled by `f` (new arrays; gradients may share storage, so they are never changed in place). */
function scaled(a: ArrayLike<number>, f: number, like: FloatArray | null): FloatArray {
  const out = like instanceof Float64Array ? new Float64Array(a.length) : new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! * f;
  return out;
}

/** Each array clipped elementwise to [−v, v]. */
export function clipArraysByValue(arrays: readonly ArrayLike<number>[], v: number): ArrayLike<number>[] {
  return arrays.map((a) => {
    let needs = false;
    for (let i = 0; i < a.length; i++) if (a[i]! > v || a[i]! < -v) needs = true;
    if (!needs) return a;
    const out = scaled(a, 1, a instanceof Float64Array ? a : null);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(v, Math.max(-v, out[i]!));
    return out;
  });
}

/** Each array rescaled so that its own L2 norm is at most `maxNorm`. */
export function clipArraysByNorm(arrays: readonly ArrayLike<number>[], maxNorm: number): ArrayLike<number>[] {
  return arrays.map((a) => {
    const n = globalNorm([a]);
    return n > maxNorm ? scaled(a, maxNorm / n, a instanceof Float64Array ? a : null) : a;
  });
}

/** All arrays rescaled together so that their joint L2 norm is at most `maxNorm`. */
export function clipArraysByGlobalNorm(arrays: readonly ArrayLike<number>[], maxNorm: number): { arrays: ArrayLike<number>[]; norm: number } {
  const n = globalNorm(arrays);
  if (!(n > maxNorm)) return { arrays: arrays.slice(), norm: n };
  return { arrays: arrays.map((a) => scaled(a, maxNorm / n, a instanceof Float64Array ? a : null)), norm: n };
}

function withGrads(params: readonly Tensor[]): Tensor[] {
  return params.filter((p) => p.grad !== null);
}

function replaceGrad(p: Tensor, values: ArrayLike<number>): void {
  if (values === p.grad!.data()) return;
  const d = allocate(p.grad!.dtype, values.length);
  d.set(values as ArrayLike<number> & Float32Array);
  p.grad = new Tensor(d, [...p.grad!.shape], p.grad!.dtype);
}

/**
 * Rescales the gradients of `params` so their global L2 norm is at most `maxNorm`; returns the
 * norm before clipping (useful to log).
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  checkNumber('clipGradNorm', 'maxNorm', maxNorm, { min: 0, minExclusive: true });
  const ps = withGrads(params);
  const { arrays, norm } = clipArraysByGlobalNorm(ps.map((p) => p.grad!.data()), maxNorm);
  ps.forEach((p, i) => replaceGrad(p, arrays[i]!));
  return norm;
}

/** Clips every gradient element of `params` to [−clipValue, clipValue]. */
export function clipGradValue(params: readonly Tensor[], clipValue: number): void {
  checkNumber('clipGradValue', 'clipValue', clipValue, { min: 0, minExclusive: true });
  const ps = withGrads(params);
  const arrays = clipArraysByValue(ps.map((p) => p.grad!.data()), clipValue);
  ps.forEach((p, i) => replaceGrad(p, arrays[i]!));
}
