/** Reduction primitives (sum, prod, max, min, argmax, argmin) and cumsum. */
import { DTypeError } from '../errors.js';
import { kernels } from '../backend/registry.js';
import type { ReduceOp } from '../backend/contract.js';
import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { type Shape, reducedShape, shapesEqual } from '../tensor/shape.js';
import { type Primitive, allocOut, apply } from './primitive.js';
import { broadcastTo, reshape } from './movement.js';
import { cast, div, equal, mul, scalarOf, where } from './elementwise.js';

interface ReduceParams {
  axes: number[]; // normalised, sorted, unique
  keepDims: boolean;
}

function reduceDtype(op: ReduceOp, d: DType): DType {
  if (op === 'argmax' || op === 'argmin') return 'int32';
  if ((op === 'sum' || op === 'prod') && d === 'bool') return 'int32';
  return d;
}

function reducePrim(op: ReduceOp, vjp?: Primitive<ReduceParams>['vjp']): Primitive<ReduceParams> {
  return {
    name: op,
    infer([x], p) {
      if ((op === 'argmax' || op === 'argmin') && p.axes.length !== 1) {
        throw new DTypeError(`${op}: reduces exactly one axis, got ${JSON.stringify(p.axes)}`);
      }
      return { shape: reducedShape(x!.shape, p.axes, p.keepDims), dtype: reduceDtype(op, x!.dtype) };
    },
    forward([x], p, spec) {
      const out = allocOut(spec);
      kernels().reduce(op, x!.data(), x!.shape, p.axes, out);
      return out;
    },
    vjp,
  };
}

/** The gradient `g` of a reduction, reshaped to keep the reduced axes as 1 and broadcast to `shape`. */
function expandBack(g: Tensor, shape: Shape, p: ReduceParams): Tensor {
  const kept = reducedShape(shape, p.axes, true);
  return broadcastTo(reshape(g, kept), shape);
}

function extremumVjp(g: Tensor, ctx: { inputs: readonly Tensor[]; out: Tensor; params: ReduceParams }): Tensor[] {
  // The gradient goes to every element equal to the extremum, split evenly among ties.
  const x = ctx.inputs[0]!;
  const p = ctx.params;
  const y = expandBack(ctx.out, x.shape, p);
  const mask = cast(equal(x, y), g.dtype);
  const count = expandBack(sum(mask, p.axes, p.keepDims), x.shape, p);
  return [mul(expandBack(g, x.shape, p), div(mask, count))];
}

const R = {
  sum: reducePrim('sum', (g, ctx) => [expandBack(g, ctx.inputs[0]!.shape, ctx.params)]),
  max: reducePrim('max', (g, ctx) => extremumVjp(g, ctx)),
  min: reducePrim('min', (g, ctx) => extremumVjp(g, ctx)),
  prod: reducePrim('prod', (g, ctx) => {
    // ∂/∂x_i Π x = Π_{j≠i} x_j. Computed as prod/x where x ≠ 0 (which is 0 when another entry is
    // zero); where x = 0, as the product of the non-zero entries when it is the only zero, else 0.
    const x = ctx.inputs[0]!;
    const p = ctx.params;
    const zero = scalarOf(0, x.dtype);
    const one = scalarOf(1, x.dtype);
    const isZero = equal(x, zero);
    const safe = where(isZero, one, x);
    const prodSafe = expandBack(prod(safe, p.axes, p.keepDims), x.shape, p);
    const zeros = expandBack(sum(cast(isZero, 'int32'), p.axes, p.keepDims), x.shape, p);
    const onlyZero = equal(zeros, scalarOf(1, 'int32'));
    const y = expandBack(ctx.out, x.shape, p);
    const others = where(isZero, where(onlyZero, prodSafe, zero), div(y, safe));
    return [mul(expandBack(g, x.shape, p), others)];
  }),
  argmax: reducePrim('argmax'),
  argmin: reducePrim('argmin'),
};

export const sum = (x: Tensor, axes: number[], keepDims = false): Tensor => apply(R.sum, [x], { axes, keepDims });
export const max = (x: Tensor, axes: number[], keepDims = false): Tensor => apply(R.max, [x], { axes, keepDims });
export const min = (x: Tensor, axes: number[], keepDims = false): Tensor => apply(R.min, [x], { axes, keepDims });
export const prod = (x: Tensor, axes: number[], keepDims = false): Tensor => apply(R.prod, [x], { axes, keepDims });
export const argmax = (x: Tensor, axis: number, keepDims = false): Tensor => apply(R.argmax, [x], { axes: [axis], keepDims });
export const argmin = (x: Tensor, axis: number, keepDims = false): Tensor => apply(R.argmin, [x], { axes: [axis], keepDims });

/** Sums a (broadcast) gradient back down to `shape`: the VJP of broadcasting. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) axes.push(i);
  }
  const s = axes.length ? sum(g, axes, true) : g;
  return reshape(s, shape);
}

const CUMSUM: Primitive<{ axis: number; reverse: boolean }> = {
  name: 'cumsum',
  infer([x]) {
    return { shape: [...x!.shape], dtype: x!.dtype === 'bool' ? 'int32' : x!.dtype };
  },
  forward([x], p, spec) {
    const out = allocOut(spec);
    kernels().cumsum(x!.data(), x!.shape, p.axis, p.reverse, out);
    return out;
  },
  vjp(g, ctx) {
    return [cumsum(g, ctx.params.axis, !ctx.params.reverse)];
  },
};

/** Running sum along a (normalised) axis; `reverse` sums from the end. */
export const cumsum = (x: Tensor, axis: number, reverse = false): Tensor => apply(CUMSUM, [x], { axis, reverse });
