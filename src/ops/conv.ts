/**
 * Convolutions over NHWC batches with Keras's kernel layouts: conv1d, conv2d (grouped, dilated),
 * depthwiseConv2d, separableConv2d, conv1dTranspose, conv2dTranspose. Ungrouped convolutions and the
 * transposed ones run on the backend's fused convolution kernels (primitives whose gradients are
 * each other); grouped ones are im2col → matrix product → reshape. Bias and relu are optional
 * options of conv1d/conv2d (layers may fuse them into the convolution's kernel); the others leave
 * bias to the layer.
 */
import { ConfigError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type DType, promoteTypes } from '../tensor/dtype.js';
import * as p from '../primitives/index.js';
import { col2im, conv2dBackwardInputP, conv2dP, convRouting, im2col } from '../primitives/conv.js';
import { type ConvGeometry, type Padding, checkPadding, checkRank, intTuple, windowGeometry } from '../primitives/conv-geometry.js';
import { checkOptions } from '../check.js';
import { type TensorLike, toTensor } from './create.js';

export type { Padding };

/** Options of `conv2d` (Keras's Conv2D names). */
export interface Conv2dOptions {
  /** Step between windows, one number or [height, width]. Default 1. */
  strides?: number | readonly [number, number];
  /** 'valid' (no padding, default) or 'same' (output = ceil(input / stride), extra padding after). */
  padding?: 'valid' | 'same';
  /** Spacing between kernel taps, one number or [height, width]. Default 1. */
  dilationRate?: number | readonly [number, number];
  /** Channel groups: the kernel is [kh, kw, inC / groups, outC]; groups = inC is depthwise. Default 1. */
  groups?: number;
  /** Added per filter after the convolution: [outC]. Default none (null: none). */
  bias?: TensorLike | null;
  /** Applied last: 'relu' or 'linear' (default). With groups = 1, bias and relu run inside the convolution's kernel. */
  activation?: ConvActivation;
}

/** The activations a convolution can apply itself. */
export type ConvActivation = 'relu' | 'linear';

/** Options of `conv1d` (Keras's Conv1D names); 'causal' pads only before, so output t sees inputs ≤ t. */
export interface Conv1dOptions {
  strides?: number;
  padding?: 'valid' | 'same' | 'causal';
  dilationRate?: number;
  groups?: number;
  /** Added per filter: [outC]. Default none (null: none). */
  bias?: TensorLike | null;
  /** 'relu' or 'linear' (default), as conv2d. */
  activation?: ConvActivation;
}

/** Options of `depthwiseConv2d` and `separableConv2d`. */
export interface DepthwiseConv2dOptions {
  strides?: number | readonly [number, number];
  padding?: 'valid' | 'same';
  dilationRate?: number | readonly [number, number];
}

/** Options of `conv2dTranspose` (Keras's Conv2DTranspose names). */
export interface Conv2dTransposeOptions {
  strides?: number | readonly [number, number];
  /** 'valid': output = input·stride + max(span − stride, 0); 'same': output = input·stride. */
  padding?: 'valid' | 'same';
  dilationRate?: number | readonly [number, number];
}

/** Options of `conv1dTranspose`. */
export interface Conv1dTransposeOptions {
  strides?: number;
  padding?: 'valid' | 'same';
  dilationRate?: number;
}

const CONV_KEYS = ['strides', 'padding', 'dilationRate', 'groups', 'bias', 'activation'] as const;
const WINDOW_KEYS = ['strides', 'padding', 'dilationRate'] as const;

function checkDtypes(op: string, x: Tensor, k: Tensor): void {
  if (x.dtype === 'bool' || k.dtype === 'bool') throw new DTypeError(`${op}: bool tensors cannot be convolved; cast them first (input ${x.dtype}, kernel ${k.dtype})`);
}

/** What follows a convolution: a per-filter bias, then relu. */
interface Epilogue {
  bias: Tensor | null;
  relu: boolean;
}

const NO_EPILOGUE: Epilogue = { bias: null, relu: false };

/** The operands cast to their common dtype (the fused kernels take one element type, as matmul's promotion gives). */
function promoted(ts: Tensor[]): Tensor[] {
  const d = ts.reduce<DType>((acc, t) => promoteTypes(acc, t.dtype), ts[0]!.dtype);
  return ts.map((t) => p.cast(t, d));
}

/** Bias and relu as separate ops after a convolution. */
function finish(y: Tensor, ep: Epilogue): Tensor {
  const z = ep.bias ? p.add(y, ep.bias) : y;
  return ep.relu ? p.relu(z) : z;
}

/** The shared core: x convolved with the kernel [kh, kw, C/groups, outC] in `groups` independent blocks, then the epilogue. */
function convolve(x: Tensor, kernel: Tensor, g: ConvGeometry, groups: number, ep: Epilogue = NO_EPILOGUE): Tensor {
  if (groups === 1 && convRouting.fused) {
    if (convRouting.epilogue) {
      const [xx, kk, bb] = promoted(ep.bias ? [x, kernel, ep.bias] : [x, kernel]);
      return conv2dP(xx!, kk!, g, { bias: bb ?? null, relu: ep.relu });
    }
    const [xx, kk] = promoted([x, kernel]);
    return finish(conv2dP(xx!, kk!, g), ep);
  }
  return finish(im2colConvolve(x, kernel, g, groups), ep);
}

/** Patches of `x` times the kernel as one matrix product per group. */
function im2colConvolve(x: Tensor, kernel: Tensor, g: ConvGeometry, groups: number): Tensor {
  const { batch, outH, outW, kernelH: kh, kernelW: kw, channels: c } = g;
  const outC = kernel.shape[3]!;
  const m = batch * outH * outW;
  // A 1×1 window at stride 1 without padding: the image already is its patch matrix.
  const identity = kh === 1 && kw === 1 && outH === g.inH && outW === g.inW && g.padTop === 0 && g.padLeft === 0;
  const cols = identity ? x : im2col(x, g);
  if (groups === 1) {
    const k = kh * kw * c;
    const y = p.matmulT(p.reshape(cols, [m, k]), p.reshape(kernel, [k, outC]), false, false);
    return p.reshape(y, [batch, outH, outW, outC]);
  }
  // Groups: patches [m, taps, groups, cg] → [groups, m, taps·cg]; kernel [taps·cg, groups, og] → [groups, taps·cg, og].
  const cg = c / groups;
  const og = outC / groups;
  const taps = kh * kw;
  const colsG = p.reshape(p.permute(p.reshape(cols, [m, taps, groups, cg]), [2, 0, 1, 3]), [groups, m, taps * cg]);
  const kG = p.permute(p.reshape(kernel, [taps * cg, groups, og]), [1, 0, 2]);
  const y = p.matmulT(colsG, kG, false, false); // [groups, m, og]
  return p.reshape(p.permute(y, [1, 0, 2]), [batch, outH, outW, outC]);
}

/** Checks conv1d/conv2d's bias and activation options against the kernel's filter count. */
function epilogueOf(op: string, options: Conv2dOptions | Conv1dOptions, outC: number): Epilogue {
  const { bias, activation } = options;
  if (activation !== undefined && activation !== 'relu' && activation !== 'linear') {
    throw new ConfigError(`${op}: activation must be 'relu' or 'linear', got ${JSON.stringify(activation)}`);
  }
  let b: Tensor | null = null;
  if (bias !== undefined && bias !== null) {
    b = toTensor(bias);
    if (b.rank !== 1 || b.shape[0] !== outC) throw new ShapeError(`${op}: bias must have shape [${outC}] (one per filter), got ${fmtShape(b.shape)}`);
    if (b.dtype === 'bool') throw new DTypeError(`${op}: bias must be numeric, got bool`);
  }
  return { bias: b, relu: activation === 'relu' };
}

function conv2dChecked(op: string, x: Tensor, kernel: Tensor, options: Conv2dOptions | Conv1dOptions, rank: 1 | 2): Tensor {
  checkOptions(op, options, CONV_KEYS);
  checkDtypes(op, x, kernel);
  const padding = checkPadding(op, options.padding, rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same']);
  const strides = intTuple(op, 'strides', options.strides as number | number[] | undefined, rank, 1);
  const dilation = intTuple(op, 'dilationRate', options.dilationRate as number | number[] | undefined, rank, 1);
  const [groups] = intTuple(op, 'groups', options.groups, 1, 1) as [number];
  const kShape = fmtShape(kernel.shape);
  const inC = x.shape[x.rank - 1]!;
  const kIn = kernel.shape[kernel.rank - 2]!;
  const outC = kernel.shape[kernel.rank - 1]!;
  if (inC % groups !== 0) throw new ShapeError(`${op}: input channels (${inC}) are not divisible by groups (${groups})`);
  if (kIn * groups !== inC) {
    const gs = groups > 1 ? `, groups ${groups}` : '';
    throw new ShapeError(`${op}: input has ${inC} channels but the kernel expects ${kIn * groups} (kernel ${kShape}${gs})`);
  }
  if (outC % groups !== 0) throw new ShapeError(`${op}: the kernel's ${outC} filters do not divide into ${groups} groups (kernel ${kShape})`);
  const ep = epilogueOf(op, options, outC);
  if (rank === 1) {
    const [n, w] = x.shape as [number, number];
    const g = windowGeometry(op, [n, 1, w, inC], [1, kernel.shape[0]!], [1, strides[0]!], [1, dilation[0]!], padding, ['height', 'length']);
    const y = convolve(p.reshape(x, [n, 1, w, inC]), p.reshape(kernel, [1, ...kernel.shape]), g, groups, ep);
    return p.reshape(y, [n, g.outW, outC]);
  }
  const g = windowGeometry(op, x.shape, [kernel.shape[0]!, kernel.shape[1]!], strides as [number, number], dilation as [number, number], padding);
  return convolve(x, kernel, g, groups, ep);
}

/**
 * 2-D convolution (cross-correlation, as Keras): x [batch, h, w, inC], kernel [kh, kw, inC/groups, outC]
 * → [batch, outH, outW, outC]; with `bias` [outC] and `activation: 'relu'`, relu(conv + bias) in one kernel.
 * @example nb.conv2d(images, kernel, { padding: 'same' }) // [64,28,28,1] * [3,3,1,32] → [64,28,28,32]
 * @example nb.conv2d(images, kernel, { padding: 'same', bias, activation: 'relu' }) // a Conv2D layer's output
 */
export function conv2d(x: TensorLike, kernel: TensorLike, options: Conv2dOptions = {}): Tensor {
  const tx = toTensor(x);
  const tk = toTensor(kernel);
  checkRank('conv2d', 'input', tx.shape, 4, '[batch, height, width, channels]');
  checkRank('conv2d', 'kernel', tk.shape, 4, '[kernelH, kernelW, inChannels/groups, filters]');
  return conv2dChecked('conv2d', tx, tk, options, 2);
}

/**
 * 1-D convolution over sequences: x [batch, length, inC], kernel [k, inC/groups, outC] → [batch, outLength, outC].
 * @example nb.conv1d(seq, kernel, { padding: 'causal', dilationRate: 2 })
 */
export function conv1d(x: TensorLike, kernel: TensorLike, options: Conv1dOptions = {}): Tensor {
  const tx = toTensor(x);
  const tk = toTensor(kernel);
  checkRank('conv1d', 'input', tx.shape, 3, '[batch, length, channels]');
  checkRank('conv1d', 'kernel', tk.shape, 3, '[kernelSize, inChannels/groups, filters]');
  return conv2dChecked('conv1d', tx, tk, options, 1);
}

/**
 * Depthwise 2-D convolution: each input channel gets its own `depthMultiplier` filters.
 * x [batch, h, w, C], kernel [kh, kw, C, depthMultiplier] → [batch, outH, outW, C·depthMultiplier]
 * (output channel c·depthMultiplier + m comes from input channel c, as Keras's DepthwiseConv2D).
 */
export function depthwiseConv2d(x: TensorLike, kernel: TensorLike, options: DepthwiseConv2dOptions = {}): Tensor {
  const op = 'depthwiseConv2d';
  const tx = toTensor(x);
  const tk = toTensor(kernel);
  checkOptions(op, options, WINDOW_KEYS);
  checkRank(op, 'input', tx.shape, 4, '[batch, height, width, channels]');
  checkRank(op, 'kernel', tk.shape, 4, '[kernelH, kernelW, channels, depthMultiplier]');
  const [kh, kw, kc, dm] = tk.shape as [number, number, number, number];
  const c = tx.shape[3]!;
  if (kc !== c) throw new ShapeError(`${op}: input has ${c} channels but the kernel expects ${kc} (kernel ${fmtShape(tk.shape)})`);
  return conv2dChecked(op, tx, p.reshape(tk, [kh, kw, 1, c * dm]), { ...options, groups: c }, 2);
}

/**
 * Depthwise then pointwise convolution (Keras's SeparableConv2D without bias):
 * depthwiseKernel [kh, kw, C, depthMultiplier], pointwiseKernel [1, 1, C·depthMultiplier, filters].
 */
export function separableConv2d(x: TensorLike, depthwiseKernel: TensorLike, pointwiseKernel: TensorLike, options: DepthwiseConv2dOptions = {}): Tensor {
  const op = 'separableConv2d';
  checkOptions(op, options, WINDOW_KEYS);
  const pk = toTensor(pointwiseKernel);
  checkRank(op, 'pointwise kernel', pk.shape, 4, '[1, 1, channels·depthMultiplier, filters]');
  if (pk.shape[0] !== 1 || pk.shape[1] !== 1) throw new ShapeError(`${op}: the pointwise kernel must be 1×1, got ${fmtShape(pk.shape)}`);
  const d = depthwiseConv2d(x, depthwiseKernel, options);
  if (pk.shape[2] !== d.shape[3]) {
    throw new ShapeError(`${op}: the depthwise step gives ${d.shape[3]} channels but the pointwise kernel expects ${pk.shape[2]} (kernel ${fmtShape(pk.shape)})`);
  }
  return conv2dChecked(op, d, pk, {}, 2);
}

/** Output length of a transposed convolution along one axis (Keras's rule, no output padding). */
function transposedLength(n: number, k: number, stride: number, dilation: number, padding: Padding): number {
  const span = (k - 1) * dilation + 1;
  return padding === 'same' ? n * stride : n * stride + Math.max(span - stride, 0);
}

function transposeChecked(op: string, x: Tensor, kernel: Tensor, options: Conv2dTransposeOptions | Conv1dTransposeOptions, rank: 1 | 2): Tensor {
  checkOptions(op, options, WINDOW_KEYS);
  checkDtypes(op, x, kernel);
  const padding = checkPadding(op, options.padding, ['valid', 'same']);
  const s = intTuple(op, 'strides', options.strides as number | number[] | undefined, rank, 1);
  const d = intTuple(op, 'dilationRate', options.dilationRate as number | number[] | undefined, rank, 1);
  const strides = (rank === 1 ? [1, s[0]!] : s) as [number, number];
  const dilation = (rank === 1 ? [1, d[0]!] : d) as [number, number];
  const k4 = rank === 1 ? p.reshape(kernel, [1, ...kernel.shape]) : kernel;
  const x4 = rank === 1 ? p.reshape(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!]) : x;
  const [kh, kw, outC, kIn] = k4.shape as [number, number, number, number];
  const [n, h, w, inC] = x4.shape as [number, number, number, number];
  if (kIn !== inC) throw new ShapeError(`${op}: input has ${inC} channels but the kernel expects ${kIn} (kernel ${fmtShape(kernel.shape)})`);
  const bigH = rank === 1 ? 1 : transposedLength(h, kh, strides[0], dilation[0], padding);
  const bigW = transposedLength(w, kw, strides[1], dilation[1], padding);
  // The transposed convolution is the input-gradient of the convolution mapping [n, bigH, bigW, outC] to x's shape.
  const g = windowGeometry(op, [n, bigH, bigW, outC], [kh, kw], strides, dilation, padding);
  if (g.outH !== h || g.outW !== w) throw new Error(`internal: ${op} geometry gives ${g.outH}×${g.outW}, expected ${h}×${w}`);
  let y: Tensor;
  if (convRouting.fused) {
    // k4 [kh, kw, outC, inC] is the HWIO kernel of that convolution (outC channels in, inC filters).
    const [xx, kk] = promoted([x4, k4]);
    y = conv2dBackwardInputP(xx!, kk!, g);
  } else {
    const taps = kh * kw * outC;
    const cols = p.matmulT(p.reshape(x4, [n * h * w, inC]), p.reshape(k4, [taps, inC]), false, true);
    y = col2im(p.reshape(cols, [n, h, w, kh, kw, outC]), g);
  }
  return rank === 1 ? p.reshape(y, [n, bigW, outC]) : y;
}

/**
 * Transposed 2-D convolution (the input-gradient of conv2d as a forward op), Keras's Conv2DTranspose:
 * x [batch, h, w, inC], kernel [kh, kw, outC, inC] → [batch, outH, outW, outC].
 * @example nb.conv2dTranspose(z, kernel, { strides: 2, padding: 'same' }) // [8,7,7,64] → [8,14,14,outC]
 */
export function conv2dTranspose(x: TensorLike, kernel: TensorLike, options: Conv2dTransposeOptions = {}): Tensor {
  const tx = toTensor(x);
  const tk = toTensor(kernel);
  checkRank('conv2dTranspose', 'input', tx.shape, 4, '[batch, height, width, channels]');
  checkRank('conv2dTranspose', 'kernel', tk.shape, 4, '[kernelH, kernelW, filters, inChannels]');
  return transposeChecked('conv2dTranspose', tx, tk, options, 2);
}

/** Transposed 1-D convolution: x [batch, length, inC], kernel [k, outC, inC] → [batch, outLength, outC]. */
export function conv1dTranspose(x: TensorLike, kernel: TensorLike, options: Conv1dTransposeOptions = {}): Tensor {
  const tx = toTensor(x);
  const tk = toTensor(kernel);
  checkRank('conv1dTranspose', 'input', tx.shape, 3, '[batch, length, channels]');
  checkRank('conv1dTranspose', 'kernel', tk.shape, 3, '[kernelSize, filters, inChannels]');
  return transposeChecked('conv1dTranspose', tx, tk, options, 1);
}
