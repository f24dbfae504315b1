/** Matrix products with NumPy's rules: 1-D operands are promoted and the added axis removed; batch axes broadcast. */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import * as p from '../primitives/index.js';
import { type TensorLike, toTensor } from './create.js';

/**
 * Matrix product a @ b: [..., m, k] @ [..., k, n] → [..., m, n], batch axes broadcasting.
 * @example nb.randn([32, 784]).matmul(nb.randn([784, 128])) // [32, 128]
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  let ta = toTensor(a);
  let tb = toTensor(b);
  if (ta.rank === 0 || tb.rank === 0) {
    throw new ShapeError(`matmul: operands must have at least one dimension, got a ${fmtShape(ta.shape)} and b ${fmtShape(tb.shape)}`);
  }
  const aVec = ta.rank === 1;
  const bVec = tb.rank === 1;
  if (aVec) ta = p.reshape(ta, [1, ta.shape[0]!]);
  if (bVec) tb = p.reshape(tb, [tb.shape[0]!, 1]);
  const ka = ta.shape[ta.rank - 1]!;
  const kb = tb.shape[tb.rank - 2]!;
  if (ka !== kb) {
    const sa = aVec ? [ta.shape[1]!] : ta.shape;
    const sb = bVec ? [tb.shape[0]!] : tb.shape;
    throw new ShapeError(`matmul: inner dimensions differ: a is ${fmtShape(sa)}, b is ${fmtShape(sb)} (${ka} ≠ ${kb})`);
  }
  let out = p.matmulT(ta, tb, false, false);
  if (aVec || bVec) {
    const s = out.shape.slice();
    if (bVec) s.splice(s.length - 1, 1);
    if (aVec) s.splice(s.length - (bVec ? 1 : 2), 1);
    out = p.reshape(out, s);
  }
  return out;
}

/** Inner product of two 1-D tensors of equal length. */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a);
  const tb = toTensor(b);
  if (ta.rank !== 1 || tb.rank !== 1) throw new ShapeError(`dot: expects two 1-D tensors, got ${fmtShape(ta.shape)} and ${fmtShape(tb.shape)}`);
  if (ta.size !== tb.size) throw new ShapeError(`dot: lengths differ: a is ${fmtShape(ta.shape)}, b is ${fmtShape(tb.shape)}`);
  return matmul(ta, tb);
}

/** Outer product of two 1-D tensors: [m] ⊗ [n] → [m, n]. */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const ta = toTensor(a);
  const tb = toTensor(b);
  if (ta.rank !== 1 || tb.rank !== 1) throw new ShapeError(`outer: expects two 1-D tensors, got ${fmtShape(ta.shape)} and ${fmtShape(tb.shape)}`);
  if (ta.dtype === 'bool' || tb.dtype === 'bool') throw new DTypeError('outer: bool tensors cannot be multiplied; cast them first');
  return p.mul(p.reshape(ta, [ta.size, 1]), p.reshape(tb, [1, tb.size]));
}
