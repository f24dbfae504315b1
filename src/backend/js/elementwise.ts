/** Reference elementwise kernels: unary, binary with broadcasting, where, cast. */
import type { BinaryOp, Shape, UnaryOp } from '../contract.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { broadcastStrides, forEachRow } from './broadcast.js';

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

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
  const n = out.length;
  // Fast paths: equal shapes, or one side a single value; the four arithmetic ops get their own loops.
  if (sameShape(aShape, outShape) && sameShape(bShape, outShape)) {
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
        return;
      case 'sub':
        for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
        return;
      case 'mul':
        for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
        return;
      case 'div':
        for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
        return;
      default: {
        const f = BINARY[op];
        for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
        return;
      }
    }
  }
  if (b.length === 1 && sameShape(aShape, outShape)) {
    const s = b[0]!;
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) out[i] = a[i]! + s;
        return;
      case 'mul':
        for (let i = 0; i < n; i++) out[i] = a[i]! * s;
        return;
      default: {
        const f = BINARY[op];
        for (let i = 0; i < n; i++) out[i] = f(a[i]!, s);
        return;
      }
    }
  }
  if (a.length === 1 && sameShape(bShape, outShape)) {
    const s = a[0]!;
    const f = BINARY[op];
    for (let i = 0; i < n; i++) out[i] = f(s, b[i]!);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const r = outShape.length;
  const ia = r ? sa[r - 1]! : 0;
  const ib = r ? sb[r - 1]! : 0;
  const f = BINARY[op];
  forEachRow(outShape, [sa, sb], [0, 0], (o, offs, len) => {
    let pa = offs[0]!;
    let pb = offs[1]!;
    if (op === 'add') {
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = a[pa]! + b[pb]!;
    } else if (op === 'mul') {
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = a[pa]! * b[pb]!;
    } else {
      for (let j = 0; j < len; j++, pa += ia, pb += ib) out[o + j] = f(a[pa]!, b[pb]!);
    }
  });
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
  const sc = broadcastStrides(condShape, outShape);
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const r = outShape.length;
  const ic = r ? sc[r - 1]! : 0;
  const ia = r ? sa[r - 1]! : 0;
  const ib = r ? sb[r - 1]! : 0;
  forEachRow(outShape, [sc, sa, sb], [0, 0, 0], (o, offs, len) => {
    let pc = offs[0]!;
    let pa = offs[1]!;
    let pb = offs[2]!;
    for (let j = 0; j < len; j++, pc += ic, pa += ia, pb += ib) out[o + j] = cond[pc] ? a[pa]! : b[pb]!;
  });
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
