/** Determinants: `det` and `slogdet` (sign and log|det|), differentiable, from an LU factorisation. */
import { kernels } from '../backend/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { type TensorLike } from '../ops/create.js';
import * as p from '../primitives/index.js';
import { type Primitive, allocOut, apply } from '../primitives/primitive.js';
import { type MatrixBatch, alloc, asFloat, mT, perMatrix, squareBatch } from './util.js';
import { inv } from './solve.js';

interface LuDiag {
  /** Product of signs: the permutation's parity times the signs of U's diagonal. */
  sign: Float64Array;
  /** Σ log|u_kk| (−Infinity when a pivot is 0). */
  logAbs: Float64Array;
  /** Whether some matrix of the batch is (numerically) singular. */
  anySingular: boolean;
}

function luDiag(a: Tensor, b: MatrixBatch): LuDiag {
  const n = b.n;
  const lu = new Float64Array(a.size);
  const pivots = new Int32Array(b.batch * n);
  const info = new Int32Array(b.batch);
  kernels().lu(a.data(), lu, b.batch, n, pivots, info);
  const sign = new Float64Array(b.batch);
  const logAbs = new Float64Array(b.batch);
  let anySingular = false;
  for (let t = 0; t < b.batch; t++) {
    let s = 1;
    let l = 0;
    for (let i = 0; i < n; i++) {
      if (pivots[t * n + i] !== i) s = -s;
      const u = lu[t * n * n + i * n + i]!;
      if (u < 0) s = -s;
      l += Math.log(Math.abs(u));
    }
    if (l === -Infinity) s = 0;
    sign[t] = s;
    logAbs[t] = l;
    if (info[t] !== 0) anySingular = true;
  }
  return { sign, logAbs, anySingular };
}

const DET: Primitive<void> = {
  name: 'det',
  infer([a]) {
    const b = squareBatch('det', 'a', a!);
    return { shape: b.batchShape, dtype: a!.dtype };
  },
  forward([a], _p, spec) {
    const b = squareBatch('det', 'a', a!);
    const { sign, logAbs } = luDiag(a!, b);
    const out = allocOut(spec);
    if (b.n === 0) out.fill(1);
    else for (let t = 0; t < b.batch; t++) out[t] = sign[t]! * Math.exp(logAbs[t]!);
    return out;
  },
  vjp(g, ctx) {
    const a = ctx.inputs[0]!;
    const b = squareBatch('det', 'a', a);
    // d det / dA = det·A⁻ᵀ = adj(A)ᵀ; the adjugate form also holds where A is singular.
    if (!luDiag(a, b).anySingular) return [p.mul(perMatrix(p.mul(g, ctx.out)), mT(inv(a)))];
    return [p.mul(perMatrix(g), adjugateT(a, b))];
  },
};

/**
 * adj(A)ᵀ of every matrix, from A = UΣVᵀ: adj(A)ᵀ = det(U)·det(V)·U·diag(Π_{k≠i} σ_k)·Vᵀ.
 * A constant (not differentiated further): used only at singular matrices.
 */
function adjugateT(a: Tensor, b: MatrixBatch): Tensor {
  const n = b.n;
  const nn = n * n;
  const u = new Float64Array(a.size);
  const s = new Float64Array(b.batch * n);
  const vt = new Float64Array(a.size);
  const K = kernels();
  K.svd(a.data(), u, s, vt, b.batch, n, n);
  const out = alloc(a.dtype, a.shape);
  const orthoSign = (q: Float64Array): number => {
    const lu = new Float64Array(nn);
    const piv = new Int32Array(n);
    K.lu(q, lu, 1, n, piv, new Int32Array(1));
    let sg = 1;
    for (let i = 0; i < n; i++) {
      if (piv[i] !== i) sg = -sg;
      if (lu[i * n + i]! < 0) sg = -sg;
    }
    return sg;
  };
  for (let t = 0; t < b.batch; t++) {
    const U = u.subarray(t * nn, (t + 1) * nn);
    const Vt = vt.subarray(t * nn, (t + 1) * nn);
    const sg = orthoSign(U.slice()) * orthoSign(Vt.slice());
    const pi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let prod = 1;
      for (let k = 0; k < n; k++) if (k !== i) prod *= s[t * n + k]!;
      pi[i] = prod;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += U[i * n + k]! * pi[k]! * Vt[k * n + j]!;
        out[t * nn + i * n + j] = sg * acc;
      }
    }
  }
  return new Tensor(out, a.shape, a.dtype);
}

/**
 * The determinant of a square matrix (or of each matrix of a batch: the result has the batch
 * shape). Differentiable, including at singular matrices.
 * @example nb.linalg.det([[1, 2], [3, 4]]).item() // -2
 */
export function det(a: TensorLike): Tensor {
  const t = asFloat('det', 'a', a);
  return apply(DET, [t], undefined);
}

const LOGABSDET: Primitive<void> = {
  name: 'logAbsDet',
  infer([a]) {
    const b = squareBatch('slogdet', 'a', a!);
    return { shape: b.batchShape, dtype: a!.dtype };
  },
  forward([a], _p, spec) {
    const b = squareBatch('slogdet', 'a', a!);
    const out = allocOut(spec);
    out.set(luDiag(a!, b).logAbs);
    return out;
  },
  vjp(g, ctx) {
    // d log|det A| / dA = A⁻ᵀ.
    return [p.mul(perMatrix(g), mT(inv(ctx.inputs[0]!)))];
  },
};

/**
 * Sign and natural log of the absolute determinant, without overflow for large matrices.
 * `logAbsDet` is differentiable; `sign` is −1, 0 or 1.
 * @example const { sign, logAbsDet } = nb.linalg.slogdet(cov);
 */
export function slogdet(a: TensorLike): { sign: Tensor; logAbsDet: Tensor } {
  const t = asFloat('slogdet', 'a', a);
  const b = squareBatch('slogdet', 'a', t);
  const { sign } = luDiag(t, b);
  const sd = alloc(t.dtype, b.batchShape);
  sd.set(sign);
  return { sign: new Tensor(sd, b.batchShape, t.dtype), logAbsDet: apply(LOGABSDET, [t], undefined) };
}
