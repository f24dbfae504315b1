/**
 * The optimizer's guarantee that no step leaves a non-finite weight: gradients are checked before
 * anything changes, and each updated parameter is checked after its update; if one overflowed, every
 * parameter updated in this step gets its old values back from a reused backup buffer. Either way a
 * `NumericalError` names the parameter, the flat index and the value.
 */
import { NumericalError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { FloatArray } from './updates.js';

/** `variable 'dense.kernel' [784,128]` or `parameter 3 [10]`. */
export function describeParam(p: Tensor, index: number): string {
  const name = (p as Tensor & { name?: unknown }).name;
  return typeof name === 'string' ? `variable '${name}' ${fmtShape(p.shape)}` : `parameter ${index} ${fmtShape(p.shape)}`;
}

/** Index of the first non-finite value, or -1. */
export function firstNonFiniteIndex(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // v - v is 0 for finite values and NaN for ±Infinity and NaN: one comparison per element.
    if (v - v !== 0) return i;
  }
  return -1;
}

/** Throws before any update when a gradient holds NaN or ±Infinity. */
export function checkGradientsFinite(op: string, params: readonly Tensor[], grads: readonly ArrayLike<number>[]): void {
  for (let k = 0; k < grads.length; k++) {
    const i = firstNonFiniteIndex(grads[k]!);
    if (i >= 0) {
      throw new NumericalError({
        op,
        detail: `the gradient of ${describeParam(params[k]!, k)} is ${grads[k]![i]} at flat index ${i}; the step was skipped and no weight changed`,
        code: 'E_NUMERIC_GRADIENT',
      });
    }
  }
}

/** Copies of parameter values taken before an update, in buffers kept between steps. */
export class UpdateBackup {
  private readonly buffers = new Map<Tensor, FloatArray>();

  /** Saves `p`'s values (call just before updating it). */
  save(p: Tensor): void {
    const data = p.data() as FloatArray;
    let b = this.buffers.get(p);
    if (!b || b.length !== data.length || b.constructor !== data.constructor) {
      b = new (data.constructor as new (n: number) => FloatArray)(data.length);
      this.buffers.set(p, b);
    }
    b.set(data);
  }

  /** Puts back the saved values of `params`. */
  restore(params: readonly Tensor[]): void {
    for (const p of params) {
      const b = this.buffers.get(p);
      if (b) (p.data() as FloatArray).set(b);
    }
  }

  /** Forgets buffers of parameters no longer optimized. */
  retain(params: readonly Tensor[]): void {
    const keep = new Set(params);
    for (const p of this.buffers.keys()) if (!keep.has(p)) this.buffers.delete(p);
  }
}

/** The error for an update that overflowed (thrown after the backup was restored). */
export function updateOverflow(op: string, p: Tensor, index: number, at: number, value: number, lr: number): NumericalError {
  return new NumericalError({
    op,
    detail: `the update of ${describeParam(p, index)} gives ${value} at flat index ${at} (learning rate ${lr}); the step was undone and the weights keep their previous finite values`,
    code: 'E_NUMERIC_UPDATE',
  });
}
