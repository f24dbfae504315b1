/**
 * What a primitive is, and how it is applied: one record per primitive holds its shape/dtype rule,
 * its forward through the backend and its vector-Jacobian product (VJP). `apply` is the only place
 * that records onto the tape, so no other code needs to know about gradients.
 *
 * VJPs are written with primitives themselves, so the backward pass is differentiable too: with
 * recording on (createGraph), gradients of gradients come for free.
 */
import { Tensor } from '../tensor/tensor.js';
import { type DType, type TypedArray, allocate, isFloat } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';

export interface OutSpec {
  shape: number[];
  dtype: DType;
}

export interface VjpContext<P> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly params: P;
  /** Which inputs need a gradient; a VJP may skip the others (returning null). */
  readonly needs: readonly boolean[];
}

export interface Primitive<P> {
  readonly name: string;
  /** Validates the inputs and parameters and gives the output's shape and dtype. */
  infer(inputs: readonly Tensor[], params: P): OutSpec;
  /** Computes the output storage through the backend's kernels. */
  forward(inputs: readonly Tensor[], params: P, spec: OutSpec): TypedArray;
  /** Gradients of the inputs, given the output's gradient `g`; null for "no gradient". Absent: not differentiable. */
  vjp?(g: Tensor, ctx: VjpContext<P>): readonly (Tensor | null)[];
}

let gradEnabled = true;

/** Whether ops record onto the tape right now. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` with recording switched on or off, restoring the previous state afterwards (even on throw). */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Allocates the output storage for a spec. */
export function allocOut(spec: OutSpec): TypedArray {
  return allocate(spec.dtype, sizeOf(spec.shape));
}

/** Applies a primitive: checks, computes, and records onto the tape when any input requires grad. */
export function apply<P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P): Tensor {
  const spec = prim.infer(inputs, params);
  const data = prim.forward(inputs, params, spec);
  const out = new Tensor(data, spec.shape, spec.dtype);
  if (gradEnabled && prim.vjp && isFloat(spec.dtype)) {
    let any = false;
    for (const t of inputs) if (t.requiresGrad) any = true;
    if (any) {
      const vjp = prim.vjp;
      const needs = inputs.map((t) => t.requiresGrad);
      out.requiresGrad = true;
      out._node = {
        name: prim.name,
        inputs,
        vjp: (g) => vjp(g, { inputs, out, params, needs }),
      };
    }
  }
  return out;
}
