/**
 * Sliding-window primitives over NHWC batches. `im2col` and `col2im` are each other's adjoint, so
 * each one's VJP is the other and gradients of any order flow through convolutions built on them.
 * `maxPoolIndices` picks each window's maximum (not differentiable; max pooling gathers with it).
 *
 * Parameters arrive as a checked `ConvGeometry` from ops/ (see conv-geometry.ts).
 */
import { ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import type { ConvGeometry } from '../backend/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import { type Primitive, allocOut, apply } from './primitive.js';

function imageShape(g: ConvGeometry): number[] {
  return [g.batch, g.inH, g.inW, g.channels];
}

function colsShape(g: ConvGeometry): number[] {
  return [g.batch, g.outH, g.outW, g.kernelH, g.kernelW, g.channels];
}

function expectShape(op: string, arg: string, t: Tensor, shape: number[]): void {
  if (!shapesEqual(t.shape, shape)) throw new ShapeError(`${op}: ${arg} has shape ${fmtShape(t.shape)}, the window geometry expects ${fmtShape(shape)}`);
}

const IM2COL: Primitive<ConvGeometry> = {
  name: 'im2col',
  infer([x], g) {
    expectShape('im2col', 'input', x!, imageShape(g));
    return { shape: colsShape(g), dtype: x!.dtype };
  },
  forward([x], g, spec) {
    const out = allocOut(spec);
    kernels().im2col(x!.data(), g, out);
    return out;
  },
  vjp(gr, ctx) {
    return [col2im(gr, ctx.params)];
  },
};

const COL2IM: Primitive<ConvGeometry> = {
  name: 'col2im',
  infer([cols], g) {
    expectShape('col2im', 'patches', cols!, colsShape(g));
    return { shape: imageShape(g), dtype: cols!.dtype };
  },
  forward([cols], g, spec) {
    const out = allocOut(spec);
    kernels().col2im(cols!.data(), g, out);
    return out;
  },
  vjp(gr, ctx) {
    return [im2col(gr, ctx.params)];
  },
};

const MAX_POOL_INDICES: Primitive<ConvGeometry> = {
  name: 'maxPoolIndices',
  infer([x], g) {
    expectShape('maxPoolIndices', 'input', x!, imageShape(g));
    return { shape: [g.batch, g.outH, g.outW, g.channels], dtype: 'int32' };
  },
  forward([x], g, spec) {
    const out = allocOut(spec) as Int32Array;
    kernels().maxPoolIndices(x!.data(), g, out);
    return out;
  },
};

/**
 * Patches of an NHWC batch [batch, inH, inW, C] as [batch, outH, outW, kernelH, kernelW, C]
 * (zero outside the image). Reshaped to [batch·outH·outW, kernelH·kernelW·C] it multiplies a Keras
 * kernel [kernelH, kernelW, C, filters] reshaped to [kernelH·kernelW·C, filters].
 */
export function im2col(x: Tensor, g: ConvGeometry): Tensor {
  return apply(IM2COL, [x], g);
}

/** The adjoint of `im2col`: patches [batch, outH, outW, kernelH, kernelW, C] summed back into [batch, inH, inW, C]. */
export function col2im(cols: Tensor, g: ConvGeometry): Tensor {
  return apply(COL2IM, [cols], g);
}

/** Flat indices into `x` of each window's maximum, int32 [batch, outH, outW, C] (first maximum on ties). */
export function maxPoolIndices(x: Tensor, g: ConvGeometry): Tensor {
  return apply(MAX_POOL_INDICES, [x], g);
}
