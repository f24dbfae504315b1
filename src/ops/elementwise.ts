/**
 * Elementwise ops as users call them: plain numbers and arrays are accepted anywhere a tensor is,
 * and activations are compositions of primitives (no gradient code here).
 */
import { ConfigError, DTypeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import * as p from '../primitives/index.js';
import { type TensorLike, toTensor } from './create.js';

type Bin = (a: Tensor, b: Tensor) => Tensor;

function binary(prim: Bin, op: string): (a: TensorLike, b: TensorLike) => Tensor {
  return (a, b) => {
    const ta = a instanceof Tensor ? a : b instanceof Tensor ? toTensor(a, b, op, 'a') : toTensor(a, undefined, op, 'a');
    const tb = toTensor(b, ta, op, 'b');
    return prim(ta, tb);
  };
}

function unary(prim: (x: Tensor) => Tensor, op: string): (x: TensorLike) => Tensor {
  return (x) => prim(toTensor(x, undefined, op));
}

/** a + b with broadcasting. @example nb.add(nb.ones([2, 3]), nb.tensor([1, 2, 3])) */
export const add = binary(p.add, 'add');
/** a − b with broadcasting. */
export const sub = binary(p.sub, 'sub');
/** a · b elementwise with broadcasting. */
export const mul = binary(p.mul, 'mul');
/** a / b with broadcasting (true division: integers give floats). */
export const div = binary(p.div, 'div');
/** a ** b with broadcasting. */
export const pow = binary(p.pow, 'pow');
export const maximum = binary(p.maximum, 'maximum');
export const minimum = binary(p.minimum, 'minimum');
/** Remainder with the sign of the divisor (Python's %). */
export const mod = binary(p.mod, 'mod');
export const atan2 = binary(p.atan2, 'atan2');
export const equal = binary(p.equal, 'equal');
export const notEqual = binary(p.notEqual, 'notEqual');
export const less = binary(p.less, 'less');
export const lessEqual = binary(p.lessEqual, 'lessEqual');
export const greater = binary(p.greater, 'greater');
export const greaterEqual = binary(p.greaterEqual, 'greaterEqual');
export const logicalAnd = binary((a, b) => p.logicalAnd(a, b), 'logicalAnd');
export const logicalOr = binary((a, b) => p.logicalOr(a, b), 'logicalOr');
export const logicalXor = binary((a, b) => p.logicalXor(a, b), 'logicalXor');
export const logicalNot = unary(p.logicalNot, 'logicalNot');

export const neg = unary(p.neg, 'neg');
export const abs = unary(p.abs, 'abs');
export const sign = unary(p.sign, 'sign');
export const exp = unary(p.exp, 'exp');
export const expm1 = unary(p.expm1, 'expm1');
export const log = unary(p.log, 'log');
export const log1p = unary(p.log1p, 'log1p');
export const sqrt = unary(p.sqrt, 'sqrt');
export const rsqrt = unary(p.rsqrt, 'rsqrt');
export const square = unary(p.square, 'square');
export const reciprocal = unary(p.reciprocal, 'reciprocal');
export const sin = unary(p.sin, 'sin');
export const cos = unary(p.cos, 'cos');
export const tanh = unary(p.tanh, 'tanh');
export const sigmoid = unary(p.sigmoid, 'sigmoid');
export const relu = unary(p.relu, 'relu');
export const erf = unary(p.erf, 'erf');
export const floor = unary(p.floor, 'floor');
export const ceil = unary(p.ceil, 'ceil');
export const round = unary(p.round, 'round');
export const isnan = unary(p.isnan, 'isnan');
export const isfinite = unary(p.isfinite, 'isfinite');

/** `cond ? a : b` elementwise, broadcasting all three. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const c = toTensor(cond);
  if (c.dtype !== 'bool') throw new DTypeError(`where: condition must be bool, got ${c.dtype}`);
  const ta = a instanceof Tensor ? a : b instanceof Tensor ? toTensor(a, b) : toTensor(a);
  const tb = toTensor(b, ta);
  return p.where(c, ta, tb);
}

/** max(x, αx) for α < 1: leaky ReLU (default α = 0.3, Keras's). Gradient at 0 is α. */
export function leakyRelu(x: TensorLike, alpha = 0.3): Tensor {
  const t = toTensor(x);
  return p.where(greater(t, 0), t, mul(t, alpha));
}

/** x for x > 0, α(eˣ − 1) otherwise (ELU, default α = 1). */
export function elu(x: TensorLike, alpha = 1): Tensor {
  const t = toTensor(x);
  // expm1 of x clamped to ≤ 0 (with where, not minimum, so elu'(0) = α as in PyTorch): the branch
  // not taken never overflows, so its zero gradient stays zero.
  const pos = greater(t, 0);
  return p.where(pos, t, mul(p.expm1(p.where(pos, p.scalarOf(0, t.dtype), t)), alpha));
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Scaled ELU with the self-normalising constants (Klambauer et al. 2017). */
export function selu(x: TensorLike): Tensor {
  return mul(elu(x, SELU_ALPHA), SELU_SCALE);
}

/** log(1 + eˣ), computed stably; linear above 20 (as PyTorch). */
export function softplus(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, 'softplus');
  const big = greater(t, 20);
  return p.where(big, t, p.log1p(p.exp(p.where(big, p.scalarOf(20, t.dtype), t))));
}

/** x·Φ(x), exactly with erf, or with the tanh approximation when `approximate` is 'tanh'. */
export function gelu(x: TensorLike, approximate: 'none' | 'tanh' = 'none'): Tensor {
  const t = toTensor(x);
  if (approximate === 'tanh') {
    const inner = mul(add(t, mul(p.mul(t, p.mul(t, t)), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(t, 0.5), add(p.tanh(inner), 1));
  }
  if (approximate !== 'none') throw new ConfigError(`gelu: approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
  return mul(mul(t, 0.5), add(p.erf(mul(t, Math.SQRT1_2)), 1));
}

/** x·sigmoid(x) (SiLU, also called swish). */
export function silu(x: TensorLike): Tensor {
  const t = toTensor(x);
  return p.mul(t, p.sigmoid(t));
}

/** x / (1 + |x|). */
export function softsign(x: TensorLike): Tensor {
  const t = toTensor(x);
  return div(t, add(p.abs(t), 1));
}

/**
 * Limits values to [min, max]; either bound may be omitted. The gradient is 1 inside the closed
 * interval and 0 outside (as PyTorch's clamp).
 */
export function clip(x: TensorLike, min?: number | null, max?: number | null): Tensor {
  let t = toTensor(x);
  if (min != null && max != null && min > max) throw new ConfigError(`clip: min (${min}) must not exceed max (${max})`);
  if (min != null) t = where(less(t, min), min, t);
  if (max != null) t = where(greater(t, max), max, t);
  return t;
}

/** Converts to another dtype. */
export function cast(x: TensorLike, dtype: Tensor['dtype']): Tensor {
  return p.cast(toTensor(x), dtype);
}

/** Same values, cut from the graph: gradients do not flow back through it. */
export function stopGradient(x: Tensor): Tensor {
  return x.detach();
}
