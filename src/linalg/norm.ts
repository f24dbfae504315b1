/** Vector and matrix norms (NumPy's `linalg.norm`), differentiable except the spectral ones. */
import { ConfigError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { normAxis } from '../tensor/shape.js';
import { type TensorLike } from '../ops/create.js';
import { norm as vectorNorm } from '../ops/reduce.js';
import * as p from '../primitives/index.js';
import { alloc, asFloat } from './util.js';
import { svd } from './decompositions.js';

/** Orders accepted for matrix norms. */
export type MatrixNormOrd = 'fro' | 'nuc' | 1 | -1 | 2 | -2 | number;

/**
 * The norm of a vector or matrix. With no `axis`: the 2-norm of all elements when `ord` is
 * omitted; otherwise a vector norm of a 1-D input or a matrix norm over the last two axes.
 * A number `axis` takes vector norms along it; a pair takes matrix norms over those two axes.
 * Matrix orders: 'fro', 'nuc' (sum of singular values), 1 / −1 (max / min column sum of |a|),
 * Infinity / −Infinity (max / min row sum), 2 / −2 (largest / smallest singular value).
 * Differentiable except for 'nuc', 2 and −2.
 * @example nb.linalg.norm([[3, 4], [0, 0]], 'fro').item() // 5
 */
export function norm(x: TensorLike, ord?: MatrixNormOrd, axis?: number | [number, number], keepDims = false): Tensor {
  const t = asFloat('norm', 'x', x);
  if (axis === undefined) {
    if (ord === undefined) return vectorNorm(t, 2, undefined, keepDims);
    if (t.rank === 1) return vectorOrd(t, ord, 0, keepDims);
    if (t.rank < 1) throw new ShapeError(`norm: ord ${String(ord)} needs a vector or matrix, got shape ${fmtShape(t.shape)}`);
    return matrixNorm(t, ord, [t.rank - 2, t.rank - 1], keepDims);
  }
  if (typeof axis === 'number') return vectorOrd(t, ord ?? 2, axis, keepDims);
  if (!Array.isArray(axis) || axis.length !== 2) throw new ConfigError(`norm: axis must be a number or a pair of numbers, got ${JSON.stringify(axis)}`);
  const r = normAxis('norm', axis[0], t.rank);
  const c = normAxis('norm', axis[1], t.rank);
  if (r === c) throw new ConfigError(`norm: the two axes must differ, got ${JSON.stringify(axis)}`);
  return matrixNorm(t, ord ?? 'fro', [r, c], keepDims);
}

function vectorOrd(t: Tensor, ord: MatrixNormOrd, axis: number, keepDims: boolean): Tensor {
  if (ord === 'nuc') throw new ConfigError(`norm: ord 'nuc' is a matrix norm; give a matrix (or a pair of axes)`);
  return vectorNorm(t, ord === 'fro' ? 2 : ord, axis, keepDims);
}

function matrixNorm(t: Tensor, ord: MatrixNormOrd, [r, c]: [number, number], keepDims: boolean): Tensor {
  // Move the two axes last (rows, then columns).
  const rest = t.shape.map((_, i) => i).filter((i) => i !== r && i !== c);
  const m = p.permute(t, [...rest, r, c]);
  const R = m.rank - 2;
  const C = m.rank - 1;
  let out: Tensor;
  if (ord === 'fro') out = vectorNorm(m, 2, [R, C]);
  else if (ord === 1 || ord === -1) {
    const colSums = p.sum(p.abs(m), [R]);
    out = ord === 1 ? p.max(colSums, [colSums.rank - 1]) : p.min(colSums, [colSums.rank - 1]);
  } else if (ord === Infinity || ord === -Infinity) {
    const rowSums = p.sum(p.abs(m), [C]);
    out = ord === Infinity ? p.max(rowSums, [rowSums.rank - 1]) : p.min(rowSums, [rowSums.rank - 1]);
  } else if (ord === 'nuc' || ord === 2 || ord === -2) {
    const s = svd(m).s;
    const k = s.shape[s.rank - 1]!;
    const batch = s.size / Math.max(k, 1);
    const sd = s.data();
    const od = alloc(t.dtype, s.shape.slice(0, -1));
    for (let b = 0; b < batch; b++) {
      let v = ord === 2 ? (sd[b * k] ?? 0) : ord === -2 ? (sd[b * k + k - 1] ?? 0) : 0;
      if (ord === 'nuc') for (let i = 0; i < k; i++) v += sd[b * k + i]!;
      od[b] = v;
    }
    out = new Tensor(od, s.shape.slice(0, -1), t.dtype);
  } else {
    throw new ConfigError(`norm: matrix ord must be 'fro', 'nuc', 1, -1, 2, -2, Infinity or -Infinity, got ${String(ord)}`);
  }
  if (!keepDims) return out;
  const shape = t.shape.map((d, i) => (i === r || i === c ? 1 : d));
  return p.reshape(out, shape);
}
