/**
 * Fused convolution kernels on WebAssembly (float32): patches are built in kernel memory and
 * multiplied there, so the patch matrix (kernelH·kernelW times the image) never crosses into
 * JavaScript. The batch is processed in chunks of images so the patches stay within a few MiB.
 */
import type { ConvEpilogue, ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { col2imIn, im2colIn } from './conv.js';
import { gemmAt } from './gemm.js';
import { type Runtime, runtime } from './runtime.js';
import { tuning } from './tuning.js';

interface Shape {
  /** Patch rows per image, patch length, image size. */
  rows: number;
  k: number;
  img: number;
  /** Images per chunk. */
  chunk: number;
}

function shapeOf(g: ConvGeometry): Shape {
  const rows = g.outH * g.outW;
  const k = g.kernelH * g.kernelW * g.channels;
  const chunk = Math.max(1, Math.min(g.batch, Math.floor(tuning.convChunkBytes / (4 * rows * k))));
  return { rows, k, img: g.inH * g.inW * g.channels, chunk };
}

/** A 1×1 window at stride 1 without padding: the image already is its patch matrix. */
function isIdentity(g: ConvGeometry): boolean {
  return g.kernelH === 1 && g.kernelW === 1 && g.outH === g.inH && g.outW === g.inW && g.padTop === 0 && g.padLeft === 0;
}

function usable(arrays: TypedArray[], g: ConvGeometry, filters: number): Runtime | null {
  if (!arrays.every((a) => a instanceof Float32Array)) return null;
  const work = g.batch * g.outH * g.outW * g.kernelH * g.kernelW * g.channels * filters;
  if (work < tuning.gemmMinWork) return null;
  return runtime();
}

/** Zero offsets for the single product of each GEMM call. */
function zeroOffsets(r: Runtime): number {
  return r.mem.putI32([0]);
}

export function conv2d(x: TypedArray, w: TypedArray, g: ConvGeometry, filters: number, out: TypedArray, epilogue: ConvEpilogue = {}): void | false {
  const r = usable(epilogue.bias ? [x, w, out, epilogue.bias] : [x, w, out], g, filters);
  if (!r) return false;
  const s = shapeOf(g);
  const mem = r.mem;
  mem.reset();
  const colsLen = isIdentity(g) ? 0 : s.chunk * s.rows * s.k;
  if (!mem.fits(4 * (x.length + w.length + out.length + colsLen + filters) + 4096)) return false;
  const px = mem.putF32(x as Float32Array);
  const pw = mem.putF32(w as Float32Array);
  const py = mem.alloc(4 * out.length);
  const pcols = colsLen ? mem.alloc(4 * colsLen) : 0;
  const bias = epilogue.bias ? mem.putF32(epilogue.bias as Float32Array) : 0;
  const zero = zeroOffsets(r);
  for (let b0 = 0; b0 < g.batch; b0 += s.chunk) {
    const nb = Math.min(s.chunk, g.batch - b0);
    const sub = { ...g, batch: nb };
    const xb = px + 4 * b0 * s.img;
    if (pcols) im2colIn(r, sub, xb, pcols);
    const a = pcols || xb;
    gemmAt(r, { batch: 1, m: nb * s.rows, n: filters, k: s.k, transA: false, transB: false, a, b: pw, c: py + 4 * b0 * s.rows * filters, aOffsets: zero, bOffsets: zero, bias, relu: epilogue.relu ?? false });
  }
  (out as Float32Array).set(mem.viewF32(py, out.length));
}

export function conv2dBackwardInput(dy: TypedArray, w: TypedArray, g: ConvGeometry, filters: number, out: TypedArray): void | false {
  const r = usable([dy, w, out], g, filters);
  if (!r) return false;
  const s = shapeOf(g);
  const mem = r.mem;
  mem.reset();
  const identity = isIdentity(g);
  const colsLen = identity ? 0 : s.chunk * s.rows * s.k;
  if (!mem.fits(4 * (dy.length + w.length + out.length + colsLen) + 4096)) return false;
  const pdy = mem.putF32(dy as Float32Array);
  const pw = mem.putF32(w as Float32Array);
  const px = mem.alloc(4 * out.length);
  const pcols = colsLen ? mem.alloc(4 * colsLen) : 0;
  const zero = zeroOffsets(r);
  for (let b0 = 0; b0 < g.batch; b0 += s.chunk) {
    const nb = Math.min(s.chunk, g.batch - b0);
    const xb = px + 4 * b0 * s.img;
    // dcols [rows, K] = dy [rows, F] · wᵀ (w is [K, F]); with an identity window they are dx itself.
    const c = pcols || xb;
    gemmAt(r, { batch: 1, m: nb * s.rows, n: s.k, k: filters, transA: false, transB: true, a: pdy + 4 * b0 * s.rows * filters, b: pw, c, aOffsets: zero, bOffsets: zero });
    if (pcols) col2imIn(r, { ...g, batch: nb }, pcols, xb);
  }
  (out as Float32Array).set(mem.viewF32(px, out.length));
}

export function conv2dBackwardFilter(x: TypedArray, dy: TypedArray, g: ConvGeometry, filters: number, out: TypedArray): void | false {
  const r = usable([x, dy, out], g, filters);
  if (!r) return false;
  const s = shapeOf(g);
  const mem = r.mem;
  mem.reset();
  const colsLen = isIdentity(g) ? 0 : s.chunk * s.rows * s.k;
  if (!mem.fits(4 * (x.length + dy.length + out.length + colsLen) + 4096)) return false;
  const px = mem.putF32(x as Float32Array);
  const pdy = mem.putF32(dy as Float32Array);
  const pw = mem.alloc(4 * out.length);
  const pcols = colsLen ? mem.alloc(4 * colsLen) : 0;
  const zero = zeroOffsets(r);
  for (let b0 = 0; b0 < g.batch; b0 += s.chunk) {
    const nb = Math.min(s.chunk, g.batch - b0);
    const xb = px + 4 * b0 * s.img;
    if (pcols) im2colIn(r, { ...g, batch: nb }, xb, pcols);
    // dw [K, F] (+)= colsᵀ · dy: A is the patch matrix stored [rows, K], read transposed.
    gemmAt(r, { batch: 1, m: s.k, n: filters, k: nb * s.rows, transA: true, transB: false, a: pcols || xb, b: pdy + 4 * b0 * s.rows * filters, c: pw, aOffsets: zero, bOffsets: zero, accumulate: b0 > 0 });
  }
  (out as Float32Array).set(mem.viewF32(pw, out.length));
}
