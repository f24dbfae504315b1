/** Reference elementwise kernels: unary, binary with broadcasting, where, cast. */
import type { BinaryOp, Shape, UnaryOp } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { broadcastStrides, iterationPlan } from './broadcast.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erf to double precision: the all-positive series 2/√π·e^{-x²}·Σ 2ⁿx^{2n+1}/(2n+1)!! (no cancellation). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  const r = Math.min(1, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum);
  return x < 0 ? -r : r;
}

function sigmoid(x: number): number {
  // Stable on both sides: never exponentiates a large positive number.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export const UNARY: Record<UnaryOp, (x: number) => number> = {
  identity: (x) => x,
  positive: (x) => x,
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  erf,
  floor: Math.floor,
  ceil: Math.ceil,
  // NumPy rounds half to even.
  round: (x) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  },
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isnan: (x) => (x !== x ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

export function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i]!;
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v > 0 || v !== v ? v : 0;
      }
      return;
    case 'square':
      for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]!);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]!);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
      return;
    case 'identity':
    case 'positive':
      if (out.constructor === x.constructor) out.set(x);
      else for (let i = 0; i < n; i++) out[i] = x[i]!;
      return;
    default: {
      const f = UNARY[op];
      for (let i = 0; i < n; i++) out[i] = f(x[i]!);
    }
  }
}

function mod(a: number, b: number): number {
  // Python/NumPy semantics: the result takes the sign of the divisor.
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

export const BINARY: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // NaN propagates, as in NumPy's maximum/minimum.
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  mod,
  atan2: Math.atan2,
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const len = out.length;
  if (len === 0) return;
  // Without broadcasting (an operand as large as the output has its layout) or against a single
  // value, one run covers everything: no plan needed.
  if (a.length === len && (b.length === len || b.length === 1)) return binaryRow(op, a, 0, 1, b, 0, b.length === 1 ? 0 : 1, out, 0, len);
  if (a.length === 1 && b.length === len) return binaryRow(op, a, 0, 0, b, 0, 1, out, 0, len);
  const plan = iterationPlan(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const [offA, offB] = plan.starts as [Int32Array, Int32Array];
  const [ia, ib] = plan.steps as [number, number];
  const n = plan.n;
  for (let row = 0; row < plan.rows; row++) binaryRow(op, a, offA[row]!, ia, b, offB[row]!, ib, out, row * n, n);
}

/**
 * One run of a binary op: `out[o + j] = op(a[pa + j·ia], b[pb + j·ib])`. Common ops get their own
 * loops, grouped in small functions: V8 compiles a small function's loops markedly better than
 * the same loops in one large switch (measured: 3× on float32 add).
 */
function binaryRow(op: BinaryOp, a: TypedArray, pa: number, ia: number, b: TypedArray, pb: number, ib: number, out: TypedArray, o: number, n: number): void {
  switch (op) {
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      arithRow(op, a, pa, ia, b, pb, ib, out, o, n);
      return;
    case 'maximum':
    case 'minimum':
      extremumRow(op === 'maximum', a, pa, ia, b, pb, ib, out, o, n);
      return;
    case 'greater':
    case 'less':
    case 'equal':
      compareRow(op, a, pa, ia, b, pb, ib, out, o, n);
      return;
    default: {
      const f = BINARY[op];
      const end = o + n;
      for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = f(a[pa]!, b[pb]!);
    }
  }
}

function arithRow(op: 'add' | 'sub' | 'mul' | 'div', a: TypedArray, pa: number, ia: number, b: TypedArray, pb: number, ib: number, out: TypedArray, o: number, n: number): void {
  const end = o + n;
  if (op === 'add') for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! + b[pb]!;
  else if (op === 'sub') for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! - b[pb]!;
  else if (op === 'mul') for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! * b[pb]!;
  else for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! / b[pb]!;
}

function extremumRow(isMax: boolean, a: TypedArray, pa: number, ia: number, b: TypedArray, pb: number, ib: number, out: TypedArray, o: number, n: number): void {
  // NaN propagates, as in NumPy's maximum/minimum.
  const end = o + n;
  for (let j = o; j < end; j++, pa += ia, pb += ib) {
    const x = a[pa]!;
    const y = b[pb]!;
    out[j] = x !== x || y !== y ? NaN : x > y === isMax ? x : y;
  }
}

function compareRow(op: 'greater' | 'less' | 'equal', a: TypedArray, pa: number, ia: number, b: TypedArray, pb: number, ib: number, out: TypedArray, o: number, n: number): void {
  const end = o + n;
  if (op === 'greater') for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! > b[pb]! ? 1 : 0;
  else if (op === 'less') for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! < b[pb]! ? 1 : 0;
  else for (let j = o; j < end; j++, pa += ia, pb += ib) out[j] = a[pa]! === b[pb]! ? 1 : 0;
}

export function where(
  cond: Uint8Array,
  condShape: Shape,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  if (out.length === 0) return;
  const plan = iterationPlan(outShape, [broadcastStrides(condShape, outShape), broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const [offC, offA, offB] = plan.starts as [Int32Array, Int32Array, Int32Array];
  const [ic, ia, ib] = plan.steps as [number, number, number];
  const n = plan.n;
  for (let row = 0; row < plan.rows; row++) whereRow(cond, offC[row]!, ic, a, offA[row]!, ia, b, offB[row]!, ib, out, row * n, n);
}

function whereRow(c: Uint8Array, pc: number, ic: number, a: TypedArray, pa: number, ia: number, b: TypedArray, pb: number, ib: number, out: TypedArray, o: number, n: number): void {
  const end = o + n;
  for (let j = o; j < end; j++, pc += ic, pa += ia, pb += ib) out[j] = c[pc] ? a[pa]! : b[pb]!;
}

export function cast(x: TypedArray, out: TypedArray): void {
  if (out instanceof Uint8Array) {
    for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
    return;
  }
  if (out instanceof Int32Array && !(x instanceof Int32Array) && !(x instanceof Uint8Array)) {
    // Truncate toward zero; NaN and ±Infinity have no int32 value and become 0 (as ToInt32 does).
    for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
    return;
  }
  out.set(x);
}
