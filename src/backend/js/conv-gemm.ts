/**
 * Reference convolution kernels composed from the reference im2col, matmul and col2im: the
 * patches of x times the kernel (forward), and the two gradients. Any dtype the parts take.
 */
import type { ConvEpilogue, ConvGeometry } from '../contract.js';
import { type TypedArray, allocate, dtypeOfArray } from '../../tensor/dtype.js';
import { col2im, im2col } from './conv.js';
import { matmul } from './matmul.js';

function patchRows(g: ConvGeometry): number {
  return g.batch * g.outH * g.outW;
}

function patchLen(g: ConvGeometry): number {
  return g.kernelH * g.kernelW * g.channels;
}

const one = () => new Int32Array(1);

/** out [batch, outH, outW, filters] = im2col(x) [M, K] · w [K, filters] (+ bias, relu). */
export function conv2d(x: TypedArray, w: TypedArray, g: ConvGeometry, filters: number, out: TypedArray, epilogue: ConvEpilogue = {}): void {
  const m = patchRows(g);
  const k = patchLen(g);
  const cols = allocate(dtypeOfArray(x), m * k);
  im2col(x, g, cols);
  matmul(cols, w, out, { batch: 1, m, n: filters, k, transA: false, transB: false, aOffsets: one(), bOffsets: one() });
  const { bias, relu } = epilogue;
  if (!bias && !relu) return;
  for (let i = 0; i < out.length; i += filters) {
    for (let f = 0; f < filters; f++) {
      let v = out[i + f]! + (bias ? bias[f]! : 0);
      if (relu) v = v > 0 || v !== v ? v : 0;
      out[i + f] = v;
    }
  }
}

/** out [batch, inH, inW, channels] = col2im(dy [M, filters] · wᵀ). */
export function conv2dBackwardInput(dy: TypedArray, w: TypedArray, g: ConvGeometry, filters: number, out: TypedArray): void {
  const m = patchRows(g);
  const k = patchLen(g);
  const cols = allocate(dtypeOfArray(dy), m * k);
  matmul(dy, w, cols, { batch: 1, m, n: k, k: filters, transA: false, transB: true, aOffsets: one(), bOffsets: one() });
  col2im(cols, g, out);
}

/** out [K, filters] = im2col(x)ᵀ · dy [M, filters]. */
export function conv2dBackwardFilter(x: TypedArray, dy: TypedArray, g: ConvGeometry, filters: number, out: TypedArray): void {
  const m = patchRows(g);
  const k = patchLen(g);
  const cols = allocate(dtypeOfArray(x), m * k);
  im2col(x, g, cols);
  matmul(cols, dy, out, { batch: 1, m: k, n: filters, k: m, transA: true, transB: false, aOffsets: one(), bOffsets: one() });
}
