/** The matrix-product primitive: batched, broadcasting batch dimensions, with transpose flags. */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import { type Primitive, allocOut, apply } from './primitive.js';
import { sumTo } from './reduce.js';

interface MatmulP {
  transA: boolean;
  transB: boolean;
}

/** Rows/cols of the (possibly transposed) matrix part of a tensor of rank ≥ 2. */
function dims(t: Tensor, trans: boolean): [number, number] {
  const r = t.rank;
  const rows = t.shape[r - 2]!;
  const cols = t.shape[r - 1]!;
  return trans ? [cols, rows] : [rows, cols];
}

/** Element offsets of each matrix in a broadcast batch. */
function batchOffsets(t: Tensor, batchShape: readonly number[], matSize: number): Int32Array {
  const tb = t.shape.slice(0, -2);
  const n = sizeOf(batchShape);
  const out = new Int32Array(n);
  const off = batchShape.length - tb.length;
  const tStrides: number[] = new Array(batchShape.length).fill(0);
  let acc = matSize;
  for (let i = tb.length - 1; i >= 0; i--) {
    tStrides[i + off] = tb[i] === 1 ? 0 : acc;
    acc *= tb[i]!;
  }
  const idx = new Array<number>(batchShape.length).fill(0);
  for (let b = 0; b < n; b++) {
    let o = 0;
    for (let d = 0; d < idx.length; d++) o += idx[d]! * tStrides[d]!;
    out[b] = o;
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < batchShape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

const MATMUL: Primitive<MatmulP> = {
  name: 'matmul',
  infer([a, b], p) {
    if (a!.rank < 2 || b!.rank < 2) throw new ShapeError(`matmul: operands must have rank ≥ 2 here, got ${fmtShape(a!.shape)} and ${fmtShape(b!.shape)}`);
    if (a!.dtype === 'bool' || b!.dtype === 'bool') throw new DTypeError(`matmul: bool tensors cannot be multiplied; cast them first`);
    const [m, ka] = dims(a!, p.transA);
    const [kb, n] = dims(b!, p.transB);
    if (ka !== kb) {
      throw new ShapeError(`matmul: inner dimensions differ: a is ${fmtShape(a!.shape)}, b is ${fmtShape(b!.shape)} (${ka} ≠ ${kb})`);
    }
    const batch = broadcastShapes('matmul', a!.shape.slice(0, -2), b!.shape.slice(0, -2), ['a batch', 'b batch']);
    return { shape: [...batch, m, n], dtype: promoteTypes(a!.dtype, b!.dtype) };
  },
  forward([a, b], p, spec) {
    const out = allocOut(spec);
    const [m, k] = dims(a!, p.transA);
    const n = spec.shape[spec.shape.length - 1]!;
    const batchShape = spec.shape.slice(0, -2);
    const K = kernels();
    // Mixed dtypes: bring both to the output dtype so kernels see one element type.
    const ad = a!.dtype === spec.dtype ? a!.data() : castData(a!, spec.dtype);
    const bd = b!.dtype === spec.dtype ? b!.data() : castData(b!, spec.dtype);
    K.matmul(ad, bd, out, {
      batch: sizeOf(batchShape),
      m,
      n,
      k,
      transA: p.transA,
      transB: p.transB,
      aOffsets: batchOffsets(a!, batchShape, m * k),
      bOffsets: batchOffsets(b!, batchShape, k * n),
    });
    return out;
  },
  vjp(g, ctx) {
    const [a, b] = ctx.inputs;
    const { transA, transB } = ctx.params;
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (ctx.needs[0]) ga = transA ? matmulT(b!, g, transB, true) : matmulT(g, b!, false, !transB);
    if (ctx.needs[1]) gb = transB ? matmulT(g, a!, true, transA) : matmulT(a!, g, !transA, false);
    return [ga && sumTo(ga, a!.shape), gb && sumTo(gb, b!.shape)];
  },
};

function castData(t: Tensor, dtype: 'float32' | 'float64' | 'int32' | 'bool') {
  const out = allocOut({ shape: [...t.shape], dtype });
  kernels().cast(t.data(), out);
  return out;
}

/** `op(a) @ op(b)` over the last two axes, where op transposes when its flag is set. */
export function matmulT(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  return apply(MATMUL, [a, b], { transA, transB });
}
