/**
 * Differentiable linear solves: `solve` (A X = B), `inv` (A⁻¹) and `solveTriangular`, each one
 * primitive record with its VJP written in differentiable ops, so gradients of gradients work.
 */
import { DataError, ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { type TensorLike } from '../ops/create.js';
import * as p from '../primitives/index.js';
import { type Primitive, allocOut, apply } from '../primitives/primitive.js';
import { type MatrixBatch, asFloat, matrixBatch, matrixMask, mT, squareBatch, whichMatrix } from './util.js';
import { checkOptions } from '../check.js';

/** LU-factorises every matrix of `a` (float64 working storage); throws a DataError naming a singular one. */
export function luOrThrow(op: string, name: string, a: Tensor, b: MatrixBatch): { lu: Float64Array; pivots: Int32Array } {
  const lu = new Float64Array(a.size);
  const pivots = new Int32Array(b.batch * b.n);
  const info = new Int32Array(b.batch);
  kernels().lu(a.data(), lu, b.batch, b.n, pivots, info);
  for (let t = 0; t < b.batch; t++) {
    if (info[t] !== 0) {
      throw new DataError(
        `${op}: ${name} (${b.n}×${b.n})${whichMatrix(b, t)} is singular: pivot ${info[t]} of its LU factorisation is zero ` +
          `(or below ${b.n}·ε·max|${name}|), so it has no inverse; try nb.linalg.lstsq or nb.linalg.pinv`,
      );
    }
  }
  return { lu, pivots };
}

const SOLVE: Primitive<void> = {
  name: 'solve',
  infer([a, b]) {
    return { shape: [...b!.shape], dtype: promoteTypes(a!.dtype, b!.dtype) };
  },
  forward([a, b], _p, spec) {
    const mb = squareBatch('solve', 'a', a!);
    const { lu, pivots } = luOrThrow('solve', 'a', a!, mb);
    const out = allocOut(spec);
    kernels().luSolve(lu, pivots, b!.data(), out, mb.batch, mb.n, b!.shape[b!.rank - 1]!);
    return out;
  },
  vjp(g, ctx) {
    const [a] = ctx.inputs;
    // X = A⁻¹B: B̄ = A⁻ᵀ Ḡ, Ā = −B̄ Xᵀ.
    const gb = solveSame(mT(a!), g);
    const ga = ctx.needs[0] ? p.neg(p.matmulT(gb, ctx.out, false, true)) : null;
    return [ga, ctx.needs[1] ? gb : null];
  },
};

/** A⁻¹B for operands already of matching batch shape and dtype. */
function solveSame(a: Tensor, b: Tensor): Tensor {
  return apply(SOLVE, [a, b], undefined);
}

/**
 * Solves A·X = B for X: `a` is [..., n, n], `b` is [..., n, k] or a vector [n] (then X is [n]).
 * Batch dimensions broadcast. Differentiable in both arguments.
 * @example nb.linalg.solve([[3, 1], [1, 2]], [9, 8]) // [2, 3]
 */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  let ta = asFloat('solve', 'a', a);
  let tb = asFloat('solve', 'b', b);
  const ma = squareBatch('solve', 'a', ta);
  const vec = tb.rank === 1;
  if (vec) tb = p.reshape(tb, [tb.shape[0]!, 1]);
  const mb = matrixBatch('solve', 'b', tb);
  if (mb.m !== ma.n) {
    throw new ShapeError(`solve: a is ${fmtShape(ta.shape)} but b has ${mb.m} rows (shape ${fmtShape(vec ? [mb.m] : tb.shape)}); they must match a's ${ma.n}`);
  }
  const batch = broadcastShapes('solve', ma.batchShape, mb.batchShape, ['a batch', 'b batch']);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  ta = p.broadcastTo(p.cast(ta, dtype), [...batch, ma.n, ma.n]);
  tb = p.broadcastTo(p.cast(tb, dtype), [...batch, mb.m, mb.n]);
  const x = solveSame(ta, tb);
  return vec ? p.reshape(x, [ma.n]) : x;
}

const INV: Primitive<void> = {
  name: 'inv',
  infer([a]) {
    return { shape: [...a!.shape], dtype: a!.dtype };
  },
  forward([a], _p, spec) {
    const mb = squareBatch('inv', 'a', a!);
    const { lu, pivots } = luOrThrow('inv', 'a', a!, mb);
    const n = mb.n;
    const eye = new Float64Array(a!.size);
    for (let t = 0; t < mb.batch; t++) for (let i = 0; i < n; i++) eye[t * n * n + i * n + i] = 1;
    const out = allocOut(spec);
    kernels().luSolve(lu, pivots, eye, out, mb.batch, n, n);
    return out;
  },
  vjp(g, ctx) {
    // X = A⁻¹: Ā = −Xᵀ Ḡ Xᵀ.
    const x = ctx.out;
    return [p.neg(p.matmulT(p.matmulT(x, g, true, false), x, false, true))];
  },
};

/**
 * The inverse of a square matrix (or of each matrix of a batch). Differentiable.
 * Throws a DataError for a singular matrix.
 * @example nb.linalg.inv([[4, 7], [2, 6]]) // [[0.6, -0.7], [-0.2, 0.4]]
 */
export function inv(a: TensorLike): Tensor {
  const t = asFloat('inv', 'a', a);
  squareBatch('inv', 'a', t);
  return apply(INV, [t], undefined);
}

export interface TriangularOptions {
  /** `a` is upper triangular (default false: lower). The other triangle is ignored. */
  upper?: boolean;
  /** Solve with aᵀ instead of a (default false). */
  transpose?: boolean;
  /** Take a's diagonal as ones (default false). */
  unitDiagonal?: boolean;
}

type TriP = Required<TriangularOptions>;

const TRI: Primitive<TriP> = {
  name: 'solveTriangular',
  infer([a, b]) {
    return { shape: [...b!.shape], dtype: promoteTypes(a!.dtype, b!.dtype) };
  },
  forward([a, b], prm, spec) {
    const mb = squareBatch('solveTriangular', 'a', a!);
    const n = mb.n;
    const ad = a!.data();
    if (!prm.unitDiagonal) {
      for (let t = 0; t < mb.batch; t++) {
        for (let i = 0; i < n; i++) {
          if (ad[t * n * n + i * n + i] === 0) {
            throw new DataError(`solveTriangular: a (${n}×${n})${whichMatrix(mb, t)} is singular: its diagonal entry ${i} is 0`);
          }
        }
      }
    }
    const out = allocOut(spec);
    kernels().triangularSolve(ad, b!.data(), out, { batch: mb.batch, n, k: b!.shape[b!.rank - 1]!, ...prm });
    return out;
  },
  vjp(g, ctx) {
    const [a] = ctx.inputs;
    const prm = ctx.params;
    // X = op(A)⁻¹B: B̄ = op(A)⁻ᵀ Ḡ; op(A)‾ = −B̄ Xᵀ, transposed back when op transposes,
    // then restricted to the triangle actually read.
    const gb = apply(TRI, [a!, g], { ...prm, transpose: !prm.transpose });
    let ga: Tensor | null = null;
    if (ctx.needs[0]) {
      const full = prm.transpose ? p.matmulT(ctx.out, gb, false, true) : p.matmulT(gb, ctx.out, false, true);
      const n = a!.shape[a!.rank - 1]!;
      const keep = (i: number, j: number): number => ((prm.upper ? j > i : j < i) || (i === j && !prm.unitDiagonal) ? 1 : 0);
      ga = p.neg(p.mul(full, matrixMask(n, full.dtype, keep)));
    }
    return [ga, ctx.needs[1] ? gb : null];
  },
};

/**
 * Solves T·X = B (or Tᵀ·X = B) for triangular T by substitution; `b` is [..., n, k] or [n].
 * Differentiable in both arguments.
 * @example nb.linalg.solveTriangular(l, b, { upper: false })
 */
export function solveTriangular(a: TensorLike, b: TensorLike, options: TriangularOptions = {}): Tensor {
  const prm: TriP = { upper: options.upper ?? false, transpose: options.transpose ?? false, unitDiagonal: options.unitDiagonal ?? false };
  checkOptions('solveTriangular', options, ['upper', 'transpose', 'unitDiagonal']);
  let ta = asFloat('solveTriangular', 'a', a);
  let tb = asFloat('solveTriangular', 'b', b);
  const ma = squareBatch('solveTriangular', 'a', ta);
  const vec = tb.rank === 1;
  if (vec) tb = p.reshape(tb, [tb.shape[0]!, 1]);
  const mb = matrixBatch('solveTriangular', 'b', tb);
  if (mb.m !== ma.n) throw new ShapeError(`solveTriangular: a is ${fmtShape(ta.shape)} but b has ${mb.m} rows; they must match`);
  const batch = broadcastShapes('solveTriangular', ma.batchShape, mb.batchShape, ['a batch', 'b batch']);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  ta = p.broadcastTo(p.cast(ta, dtype), [...batch, ma.n, ma.n]);
  tb = p.broadcastTo(p.cast(tb, dtype), [...batch, mb.m, mb.n]);
  const x = apply(TRI, [ta, tb], prm);
  return vec ? p.reshape(x, [ma.n]) : x;
}
