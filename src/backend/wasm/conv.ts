/**
 * im2col and col2im on WebAssembly (float32): patches are written with bulk copies, split across
 * threads by patch rows (im2col) or by images (col2im, so no two threads add into one image).
 */
import type { ConvGeometry } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { kernelIndex } from './layout.js';
import { type Runtime, activeThreads, runtime, writeDesc } from './runtime.js';
import { split, tuning } from './tuning.js';

const IM2COL = kernelIndex('im2col');
const COL2IM = kernelIndex('col2im');

/** The 14 geometry slots every window kernel's descriptor starts with. */
export function geometryArgs(g: ConvGeometry): number[] {
  return [g.batch, g.inH, g.inW, g.channels, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padTop, g.padLeft, g.dilationH, g.dilationW, g.outH, g.outW];
}

export function colsSize(g: ConvGeometry): number {
  return g.batch * g.outH * g.outW * g.kernelH * g.kernelW * g.channels;
}

export function imageSize(g: ConvGeometry): number {
  return g.batch * g.inH * g.inW * g.channels;
}

/** Runs im2col from x (byte address px) into cols (byte address pc), both already in kernel memory. */
export function im2colIn(r: Runtime, g: ConvGeometry, px: number, pc: number): void {
  const rows = g.batch * g.outH * g.outW;
  const shares = Math.max(1, Math.min(activeThreads(r), Math.floor(colsSize(g) / tuning.convPerThread)));
  const geo = geometryArgs(g);
  const descs = split(rows, shares, 1).map(([r0, r1], t) => writeDesc(r, t, [...geo, px, pc, r0, r1]));
  r.pool.run(IM2COL, descs);
}

/** Runs col2im from cols (pc) into x (px), both already in kernel memory. */
export function col2imIn(r: Runtime, g: ConvGeometry, pc: number, px: number): void {
  const shares = Math.max(1, Math.min(activeThreads(r), g.batch, Math.floor(colsSize(g) / tuning.convPerThread)));
  const geo = geometryArgs(g);
  const descs = split(g.batch, shares, 1).map(([b0, b1], t) => writeDesc(r, t, [...geo, px, pc, b0, b1]));
  r.pool.run(COL2IM, descs);
}

export function im2col(x: TypedArray, g: ConvGeometry, out: TypedArray): void | false {
  if (!(x instanceof Float32Array && out instanceof Float32Array) || out.length < tuning.convMinSize) return false;
  const r = runtime();
  return r ? im2colF32(r, x, g, out) : false;
}

/** im2col through kernel memory, whatever the size; false when it does not fit there. */
export function im2colF32(r: Runtime, x: Float32Array, g: ConvGeometry, out: Float32Array): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (x.length + out.length) + 1024)) return false;
  const px = mem.putF32(x);
  const pc = mem.alloc(out.length * 4);
  im2colIn(r, g, px, pc);
  out.set(mem.viewF32(pc, out.length));
}

export function col2im(cols: TypedArray, g: ConvGeometry, out: TypedArray): void | false {
  if (!(cols instanceof Float32Array && out instanceof Float32Array) || cols.length < tuning.convMinSize) return false;
  const r = runtime();
  return r ? col2imF32(r, cols, g, out) : false;
}

/** col2im through kernel memory, whatever the size; false when it does not fit there. */
export function col2imF32(r: Runtime, cols: Float32Array, g: ConvGeometry, out: Float32Array): void | false {
  const mem = r.mem;
  mem.reset();
  if (!mem.fits(4 * (cols.length + out.length) + 1024)) return false;
  const pc = mem.putF32(cols);
  const px = mem.alloc(out.length * 4);
  col2imIn(r, g, pc, px);
  out.set(mem.viewF32(px, out.length));
}
