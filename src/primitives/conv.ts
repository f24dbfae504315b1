/**
 * Sliding-window primitives over NHWC batches. `im2col` and `col2im` are each other's adjoint, so
 * each one's VJP is the other and gradients of any order flow through convolutions built on them.
 * `maxPoolIndices` picks each window's maximum (not differentiable; max pooling gathers with it).
 *
 * The fused convolution (`conv2dP`, optionally with bias and relu) and its two gradients
 * (`conv2dBackwardInputP`, `conv2dBackwardFilterP`) run the backend's fused kernels. A convolution
 * is bilinear in (image, kernel), so each of the three is the transpose of another in one argument
 * and their VJPs are the three themselves: gradients of any order stay on the fused kernels.
 *
 * Parameters arrive as a checked `ConvGeometry` from ops/ (see conv-geometry.ts).
 */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import type { ConvEpilogue, ConvGeometry } from '../backend/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import { shapesEqual } from '../tensor/shape.js';
import { type Primitive, allocOut, apply } from './primitive.js';
import { cast, greater, mul, scalarOf } from './elementwise.js';
import { sum } from './reduce.js';

function imageShape(g: ConvGeometry): number[] {
  return [g.batch, g.inH, g.inW, g.channels];
}

function colsShape(g: ConvGeometry): number[] {
  return [g.batch, g.outH, g.outW, g.kernelH, g.kernelW, g.channels];
}

function filterShape(g: ConvGeometry, filters: number): number[] {
  return [g.kernelH, g.kernelW, g.channels, filters];
}

function outShape(g: ConvGeometry, filters: number): number[] {
  return [g.batch, g.outH, g.outW, filters];
}

/** The last dimension of a tensor (the filters of a kernel or of a convolution's output). */
function lastDim(t: Tensor): number {
  return t.shape[t.rank - 1] ?? 0;
}

/** The fused kernels take one element type: ops/ promotes the operands before calling. */
function expectDtypes(op: string, inputs: readonly Tensor[], names: readonly string[]): void {
  const d = inputs[0]!.dtype;
  if (inputs.some((t) => t.dtype !== d) || d === 'bool') {
    throw new DTypeError(`${op}: operands must share one numeric dtype, got ${inputs.map((t, i) => `${names[i]} ${t.dtype}`).join(', ')}`);
  }
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

/** Parameters of the fused forward convolution: its window, and whether relu follows (bias is the optional third input). */
export interface Conv2dParams {
  g: ConvGeometry;
  relu: boolean;
}

/** g masked where relu's output is not positive: relu'(z) = [z > 0] = [relu(z) > 0], constant almost everywhere. */
function reluMask(g: Tensor, y: Tensor): Tensor {
  return mul(g, cast(greater(y, scalarOf(0, y.dtype)), g.dtype));
}

const CONV2D: Primitive<Conv2dParams> = {
  name: 'conv2d',
  infer(inputs, { g }) {
    const [x, w, b] = inputs;
    expectDtypes('conv2d', inputs, ['input', 'kernel', 'bias']);
    expectShape('conv2d', 'input', x!, imageShape(g));
    const f = lastDim(w!);
    expectShape('conv2d', 'kernel', w!, filterShape(g, f));
    if (b) expectShape('conv2d', 'bias', b, [f]);
    return { shape: outShape(g, f), dtype: x!.dtype };
  },
  forward([x, w, b], { g, relu }, spec) {
    const out = allocOut(spec);
    const epilogue: ConvEpilogue | undefined = b || relu ? { relu } : undefined;
    if (b) epilogue!.bias = b.data();
    kernels().conv2d(x!.data(), w!.data(), g, lastDim(w!), out, epilogue);
    return out;
  },
  vjp(gr, ctx) {
    const [x, w, b] = ctx.inputs;
    const { g, relu } = ctx.params;
    // y = relu(conv(x, w) + b): the gradient at the pre-activation, then conv's two transposes.
    const gz = relu ? reluMask(gr, ctx.out) : gr;
    const grads = [ctx.needs[0] ? conv2dBackwardInputP(gz, w!, g) : null, ctx.needs[1] ? conv2dBackwardFilterP(x!, gz, g) : null];
    if (b) grads.push(ctx.needs[2] ? sum(gz, [0, 1, 2]) : null);
    return grads;
  },
};

const CONV2D_BACKWARD_INPUT: Primitive<ConvGeometry> = {
  name: 'conv2dBackwardInput',
  infer(inputs, g) {
    const [dy, w] = inputs;
    expectDtypes('conv2dBackwardInput', inputs, ['output gradient', 'kernel']);
    const f = lastDim(w!);
    expectShape('conv2dBackwardInput', 'kernel', w!, filterShape(g, f));
    expectShape('conv2dBackwardInput', 'output gradient', dy!, outShape(g, f));
    return { shape: imageShape(g), dtype: dy!.dtype };
  },
  forward([dy, w], g, spec) {
    const out = allocOut(spec);
    kernels().conv2dBackwardInput(dy!.data(), w!.data(), g, lastDim(w!), out);
    return out;
  },
  vjp(gr, ctx) {
    // dx = P*(dy·wᵀ) with P = im2col: ⟨dx, G⟩ = Σ dy[m,f]·w[k,f]·P(G)[m,k], so
    // g_dy = P(G)·w = conv(G, w) and g_w = P(G)ᵀ·dy = conv2dBackwardFilter(G, dy).
    const [dy, w] = ctx.inputs;
    const g = ctx.params;
    return [ctx.needs[0] ? conv2dP(gr, w!, g) : null, ctx.needs[1] ? conv2dBackwardFilterP(gr, dy!, g) : null];
  },
};

const CONV2D_BACKWARD_FILTER: Primitive<ConvGeometry> = {
  name: 'conv2dBackwardFilter',
  infer(inputs, g) {
    const [x, dy] = inputs;
    expectDtypes('conv2dBackwardFilter', inputs, ['input', 'output gradient']);
    expectShape('conv2dBackwardFilter', 'input', x!, imageShape(g));
    const f = lastDim(dy!);
    expectShape('conv2dBackwardFilter', 'output gradient', dy!, outShape(g, f));
    return { shape: filterShape(g, f), dtype: x!.dtype };
  },
  forward([x, dy], g, spec) {
    const out = allocOut(spec);
    kernels().conv2dBackwardFilter(x!.data(), dy!.data(), g, lastDim(dy!), out);
    return out;
  },
  vjp(gr, ctx) {
    // dw = P(x)ᵀ·dy: ⟨dw, G⟩ = Σ P(x)[m,k]·dy[m,f]·G[k,f], so
    // g_x = P*(dy·Gᵀ) = conv2dBackwardInput(dy, G) and g_dy = P(x)·G = conv(x, G).
    const [x, dy] = ctx.inputs;
    const g = ctx.params;
    return [ctx.needs[0] ? conv2dBackwardInputP(dy!, gr, g) : null, ctx.needs[1] ? conv2dP(x!, gr, g) : null];
  },
};

/**
 * Internal switches for tests and benchmarks (not public API): `fused` sends groups = 1 convolutions
 * and transposed convolutions to the fused primitives (else im2col → matmul), `epilogue` lets
 * conv2dP apply bias and relu in its kernel (else they are separate ops after it).
 */
export const convRouting = { fused: true, epilogue: true };

/**
 * 2-D convolution on the backend's fused kernel: x [batch, inH, inW, C] (the geometry's image) with
 * an HWIO kernel w [kernelH, kernelW, C, filters] → [batch, outH, outW, filters], then + bias
 * [filters] and relu when given. All operands share one dtype.
 */
export function conv2dP(x: Tensor, w: Tensor, g: ConvGeometry, epilogue: { bias?: Tensor | null; relu?: boolean } = {}): Tensor {
  const inputs = epilogue.bias ? [x, w, epilogue.bias] : [x, w];
  return apply(CONV2D, inputs, { g, relu: epilogue.relu ?? false });
}

/** conv2dP's input gradient as a primitive: dy [batch, outH, outW, filters], w → [batch, inH, inW, C] (a transposed convolution). */
export function conv2dBackwardInputP(dy: Tensor, w: Tensor, g: ConvGeometry): Tensor {
  return apply(CONV2D_BACKWARD_INPUT, [dy, w], g);
}

/** conv2dP's kernel gradient as a primitive: x [batch, inH, inW, C], dy [batch, outH, outW, filters] → [kernelH, kernelW, C, filters]. */
export function conv2dBackwardFilterP(x: Tensor, dy: Tensor, g: ConvGeometry): Tensor {
  return apply(CONV2D_BACKWARD_FILTER, [x, dy], g);
}

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
