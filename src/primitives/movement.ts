/**
 * Movement primitives: reshape (shares storage), permute, broadcastTo, slice (any step), pad,
 * concat, gather and scatterAdd along an axis. Parameters arrive normalised and checked by ops/.
 */
import { ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { promoteTypes } from '../tensor/dtype.js';
import { type Shape, broadcastShapes, shapesEqual, sizeOf, stridesOf } from '../tensor/shape.js';
import { type Primitive, allocOut, apply } from './primitive.js';
import { sumTo } from './reduce.js';

// ---------------------------------------------------------------- reshape

const RESHAPE: Primitive<{ shape: number[] }> = {
  name: 'reshape',
  infer([x], p) {
    if (sizeOf(p.shape) !== x!.size) {
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(x!.shape)} (${x!.size} elements) into ${fmtShape(p.shape)} (${sizeOf(p.shape)} elements)`);
    }
    return { shape: p.shape, dtype: x!.dtype };
  },
  forward([x]) {
    return x!.data(); // same storage: reshape is free
  },
  vjp(g, ctx) {
    return [reshape(g, [...ctx.inputs[0]!.shape])];
  },
};

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  return apply(RESHAPE, [x], { shape: [...shape] });
}

// ---------------------------------------------------------------- permute

const PERMUTE: Primitive<{ perm: number[] }> = {
  name: 'permute',
  infer([x], p) {
    return { shape: p.perm.map((a) => x!.shape[a]!), dtype: x!.dtype };
  },
  forward([x], p, spec) {
    const out = allocOut(spec);
    const st = stridesOf(x!.shape);
    kernels().copy(x!.data(), 0, p.perm.map((a) => st[a]!), out, spec.shape);
    return out;
  },
  vjp(g, ctx) {
    const inv = new Array<number>(ctx.params.perm.length);
    ctx.params.perm.forEach((a, i) => (inv[a] = i));
    return [permute(g, inv)];
  },
};

export function permute(x: Tensor, perm: readonly number[]): Tensor {
  if (perm.every((a, i) => a === i)) return x;
  return apply(PERMUTE, [x], { perm: [...perm] });
}

// ---------------------------------------------------------------- broadcastTo

const BROADCAST: Primitive<{ shape: number[] }> = {
  name: 'broadcastTo',
  infer([x], p) {
    const b = broadcastShapes('broadcastTo', x!.shape, p.shape, ['x', 'shape']);
    if (!shapesEqual(b, p.shape)) {
      throw new ShapeError(`broadcastTo: cannot broadcast ${fmtShape(x!.shape)} to ${fmtShape(p.shape)}`);
    }
    return { shape: p.shape, dtype: x!.dtype };
  },
  forward([x], p, spec) {
    const out = allocOut(spec);
    const r = p.shape.length;
    const off = r - x!.rank;
    const st = stridesOf(x!.shape);
    const strides = p.shape.map((_, i) => (i < off || x!.shape[i - off] === 1 ? 0 : st[i - off]!));
    kernels().copy(x!.data(), 0, strides, out, spec.shape);
    return out;
  },
  vjp(g, ctx) {
    return [sumTo(g, ctx.inputs[0]!.shape)];
  },
};

export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  return apply(BROADCAST, [x], { shape: [...shape] });
}

// ---------------------------------------------------------------- slice

export interface SliceParams {
  begin: number[];
  size: number[];
  step: number[];
}

const SLICE: Primitive<SliceParams> = {
  name: 'slice',
  infer([x], p) {
    return { shape: [...p.size], dtype: x!.dtype };
  },
  forward([x], p, spec) {
    const out = allocOut(spec);
    const st = stridesOf(x!.shape);
    let offset = 0;
    for (let d = 0; d < st.length; d++) offset += p.begin[d]! * st[d]!;
    kernels().copy(x!.data(), offset, st.map((s, d) => s * p.step[d]!), out, spec.shape);
    return out;
  },
  vjp(g, ctx) {
    const x = ctx.inputs[0]!;
    const { begin, size, step } = ctx.params;
    if (step.every((s) => s === 1)) {
      return [pad(g, begin, x.shape.map((n, d) => n - begin[d]! - size[d]!), 0)];
    }
    // General steps: scatter back one dimension at a time.
    let t = g;
    for (let d = 0; d < x.rank; d++) {
      if (begin[d] === 0 && step[d] === 1 && size[d] === x.shape[d]) continue;
      const idx = new Int32Array(size[d]!);
      for (let i = 0; i < idx.length; i++) idx[i] = begin[d]! + i * step[d]!;
      const baseShape = t.shape.slice();
      baseShape[d] = x.shape[d]!;
      const base = new Tensor(allocOut({ shape: baseShape, dtype: t.dtype }), baseShape, t.dtype);
      t = scatterAdd(base, t, d, idx);
    }
    return [t];
  },
};

export function slice(x: Tensor, p: SliceParams): Tensor {
  if (p.step.every((s) => s === 1) && p.begin.every((b) => b === 0) && shapesEqual(p.size, x.shape)) return x;
  return apply(SLICE, [x], p);
}

// ---------------------------------------------------------------- pad

const PAD: Primitive<{ before: number[]; after: number[]; value: number }> = {
  name: 'pad',
  infer([x], p) {
    return { shape: x!.shape.map((n, d) => n + p.before[d]! + p.after[d]!), dtype: x!.dtype };
  },
  forward([x], p, spec) {
    const out = allocOut(spec);
    kernels().pad(x!.data(), x!.shape, p.before, p.value, out, spec.shape);
    return out;
  },
  vjp(g, ctx) {
    const x = ctx.inputs[0]!;
    return [slice(g, { begin: ctx.params.before, size: [...x.shape], step: x.shape.map(() => 1) })];
  },
};

export function pad(x: Tensor, before: readonly number[], after: readonly number[], value: number): Tensor {
  return apply(PAD, [x], { before: [...before], after: [...after], value });
}

// ---------------------------------------------------------------- concat

const CONCAT: Primitive<{ axis: number }> = {
  name: 'concat',
  infer(xs, p) {
    const first = xs[0]!;
    const shape = first.shape.slice();
    let dtype = first.dtype;
    for (let i = 1; i < xs.length; i++) {
      const s = xs[i]!.shape;
      if (s.length !== shape.length || s.some((n, d) => d !== p.axis && n !== shape[d])) {
        throw new ShapeError(
          `concat: tensor ${i} has shape ${fmtShape(s)}, which does not match tensor 0's ${fmtShape(first.shape)} outside axis ${p.axis}`,
        );
      }
      shape[p.axis]! += s[p.axis]!;
      dtype = promoteTypes(dtype, xs[i]!.dtype);
    }
    return { shape, dtype };
  },
  forward(xs, p, spec) {
    const out = allocOut(spec);
    kernels().concat(
      xs.map((x) => x.data()),
      xs.map((x) => x.shape),
      p.axis,
      out,
      spec.shape,
    );
    return out;
  },
  vjp(g, ctx) {
    let start = 0;
    return ctx.inputs.map((x, i) => {
      const begin = g.shape.map(() => 0);
      begin[ctx.params.axis] = start;
      start += x.shape[ctx.params.axis]!;
      return ctx.needs[i] ? slice(g, { begin, size: [...x.shape], step: g.shape.map(() => 1) }) : null;
    });
  },
};

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 1) return xs[0]!;
  return apply(CONCAT, xs, { axis });
}

// ---------------------------------------------------------------- gather / scatterAdd

interface IndexParams {
  axis: number;
  indices: Int32Array; // validated in range by the caller
}

const GATHER: Primitive<IndexParams> = {
  name: 'gather',
  infer([x], p) {
    const shape = x!.shape.slice();
    shape[p.axis] = p.indices.length;
    return { shape, dtype: x!.dtype };
  },
  forward([x], p, spec) {
    const out = allocOut(spec);
    kernels().gather(x!.data(), x!.shape, p.axis, p.indices, out);
    return out;
  },
  vjp(g, ctx) {
    const x = ctx.inputs[0]!;
    const zeros = new Tensor(allocOut({ shape: [...x.shape], dtype: g.dtype }), x.shape, g.dtype);
    return [scatterAdd(zeros, g, ctx.params.axis, ctx.params.indices)];
  },
};

/** Rows `indices` of `x` along `axis` (repeats allowed). */
export const gather = (x: Tensor, axis: number, indices: Int32Array): Tensor => apply(GATHER, [x], { axis, indices });

const SCATTER_ADD: Primitive<IndexParams> = {
  name: 'scatterAdd',
  infer([base, src], p) {
    const expect = base!.shape.slice();
    expect[p.axis] = p.indices.length;
    if (!shapesEqual(expect, src!.shape)) {
      throw new ShapeError(`scatterAdd: src has shape ${fmtShape(src!.shape)}, expected ${fmtShape(expect)} for ${p.indices.length} indices along axis ${p.axis}`);
    }
    return { shape: [...base!.shape], dtype: promoteTypes(base!.dtype, src!.dtype) };
  },
  forward([base, src], p, spec) {
    const out = allocOut(spec);
    out.set(base!.data());
    kernels().scatterAdd(out, spec.shape, p.axis, p.indices, src!.data());
    return out;
  },
  vjp(g, ctx) {
    return [ctx.needs[0] ? g : null, ctx.needs[1] ? gather(g, ctx.params.axis, ctx.params.indices) : null];
  },
};

/** `base` plus `src`'s rows added at `indices` along `axis` (repeated indices accumulate). */
export const scatterAdd = (base: Tensor, src: Tensor, axis: number, indices: Int32Array): Tensor =>
  apply(SCATTER_ADD, [base, src], { axis, indices });

export type { Shape };
