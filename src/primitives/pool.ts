/**
 * Pooling as primitives. Average pooling is linear: `avgPoolP` and `avgPoolBackwardP` are each
 * other's adjoint, so each one's VJP is the other and gradients of any order stay on the two kernels.
 *
 * Max pooling: `maxPoolP` writes each window's maximum with the backend's one-pass
 * `maxPool` kernel; when its input needs a gradient it also keeps the flat index of each maximum
 * (first on ties, as TensorFlow), and its VJP sends the output gradient to those positions
 * (`maxUnpoolP`). `maxUnpoolP` is linear, and its VJP gathers by the same indices with the `gather`
 * primitive, whose VJP is a scatterAdd: gradients of any order stay exact.
 *
 * The geometry arrives checked from ops/ (see conv-geometry.ts).
 */
import { ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import type { ConvGeometry } from '../backend/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { shapesEqual } from '../tensor/shape.js';
import { type Primitive, allocOut, apply, isGradEnabled } from './primitive.js';
import { gather, reshape } from './movement.js';

function imageShape(g: ConvGeometry): number[] {
  return [g.batch, g.inH, g.inW, g.channels];
}

function pooledShape(g: ConvGeometry): number[] {
  return [g.batch, g.outH, g.outW, g.channels];
}

function expectShape(op: string, arg: string, t: Tensor, shape: number[]): void {
  if (!shapesEqual(t.shape, shape)) throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(t.shape)}, the window geometry expects ${fmtShape(shape)}`);
}

interface MaxPoolParams {
  g: ConvGeometry;
  /** Filled by the forward pass with each maximum's flat index into x; null when no gradient is needed. */
  indices: Int32Array | null;
}

interface UnpoolParams {
  /** The pooled input's shape (the output of the unpooling). */
  shape: readonly number[];
  indices: Int32Array;
}

const MAX_POOL: Primitive<MaxPoolParams> = {
  name: 'maxPool',
  infer([x], { g }) {
    expectShape('maxPool', 'input', x!, imageShape(g));
    return { shape: pooledShape(g), dtype: x!.dtype };
  },
  forward([x], { g, indices }, spec) {
    const out = allocOut(spec);
    kernels().maxPool(x!.data(), g, out, indices);
    return out;
  },
  vjp(gr, ctx) {
    const { indices } = ctx.params;
    // maxPoolP asks for indices exactly when apply() records the node (grad mode on, float input needing a gradient).
    if (!indices) throw new Error('maxPool: internal error: no indices were kept for the gradient');
    return [maxUnpoolP(gr, indices, ctx.inputs[0]!.shape)];
  },
};

const MAX_UNPOOL: Primitive<UnpoolParams> = {
  name: 'maxUnpool',
  infer([dy], p) {
    if (dy!.size !== p.indices.length) throw new ShapeError(`maxUnpool: gradient has ${dy!.size} elements (shape ${fmtShape(dy!.shape)}), expected one per index (${p.indices.length})`);
    return { shape: [...p.shape], dtype: dy!.dtype };
  },
  forward([dy], p, spec) {
    const out = allocOut(spec); // zeros
    kernels().scatterAdd(out, [out.length], 0, p.indices, dy!.data());
    return out;
  },
  vjp(gr, ctx) {
    const dy = ctx.inputs[0]!;
    return [reshape(gather(reshape(gr, [gr.size]), 0, ctx.params.indices), dy.shape)];
  },
};

/**
 * Max pooling of an NHWC batch [batch, inH, inW, C] (the geometry's image) → [batch, outH, outW, C]:
 * each window's first maximum, a NaN in the window propagating. Differentiable in x (the gradient
 * goes to each window's chosen element).
 */
export function maxPoolP(x: Tensor, g: ConvGeometry): Tensor {
  const needsGrad = isGradEnabled() && x.requiresGrad && isFloat(x.dtype);
  const indices = needsGrad ? new Int32Array(g.batch * g.outH * g.outW * g.channels) : null;
  return apply(MAX_POOL, [x], { g, indices });
}

/** Adds each element of `dy` at flat position `indices[i]` of a zero tensor of `shape` (max pooling's gradient). */
export function maxUnpoolP(dy: Tensor, indices: Int32Array, shape: readonly number[]): Tensor {
  return apply(MAX_UNPOOL, [dy], { shape, indices });
}

const AVG_POOL: Primitive<ConvGeometry> = {
  name: 'avgPool',
  infer([x], g) {
    expectShape('avgPool', 'input', x!, imageShape(g));
    return { shape: pooledShape(g), dtype: x!.dtype };
  },
  forward([x], g, spec) {
    const out = allocOut(spec);
    kernels().avgPool(x!.data(), g, out);
    return out;
  },
  vjp(gr, ctx) {
    return [avgPoolBackwardP(gr, ctx.params)];
  },
};

const AVG_POOL_BACKWARD: Primitive<ConvGeometry> = {
  name: 'avgPoolBackward',
  infer([dy], g) {
    expectShape('avgPoolBackward', 'output gradient', dy!, pooledShape(g));
    return { shape: imageShape(g), dtype: dy!.dtype };
  },
  forward([dy], g, spec) {
    const out = allocOut(spec);
    kernels().avgPoolBackward(dy!.data(), g, out);
    return out;
  },
  vjp(gr, ctx) {
    return [avgPoolP(gr, ctx.params)];
  },
};

/**
 * Average pooling of a float NHWC batch [batch, inH, inW, C] → [batch, outH, outW, C]: the mean of
 * each window's in-image elements (padding not counted).
 */
export function avgPoolP(x: Tensor, g: ConvGeometry): Tensor {
  return apply(AVG_POOL, [x], g);
}

/** avgPoolP's adjoint: dy [batch, outH, outW, C] spread evenly over each window's in-image elements → [batch, inH, inW, C]. */
export function avgPoolBackwardP(dy: Tensor, g: ConvGeometry): Tensor {
  return apply(AVG_POOL_BACKWARD, [dy], g);
}
