/** Elementwise primitives: unary, binary (broadcasting), where, cast. */
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import type { BinaryOp, UnaryOp } from '../backend/contract.js';
import { Tensor } from '../tensor/tensor.js';
import { type DType, allocate, floatResult, isFloat, promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { type Primitive, type VjpContext, allocOut, apply } from './primitive.js';
import { sumTo } from './reduce.js';

/** A 0-d constant of the given dtype (used inside VJPs). */
export function scalarOf(value: number, dtype: DType): Tensor {
  const d = allocate(dtype, 1);
  d[0] = value;
  return new Tensor(d, [], dtype);
}

// ---------------------------------------------------------------- unary

/** How a unary op chooses its output dtype. */
type UnaryRule =
  | 'float' // ints and bools become float32 (exp, log, sin…)
  | 'numeric' // keeps int32, refuses bool (neg, abs, square…)
  | 'any' // keeps any dtype (floor on ints is the identity)
  | 'bool'; // writes bool (isnan, logicalNot)

type UnaryVjp = (g: Tensor, x: Tensor, y: Tensor) => Tensor | null;

function unaryPrim(op: UnaryOp, rule: UnaryRule, vjp?: UnaryVjp): Primitive<void> {
  return {
    name: op,
    infer([x]) {
      const d = x!.dtype;
      switch (rule) {
        case 'float':
          return { shape: [...x!.shape], dtype: floatResult(d) };
        case 'numeric':
          if (d === 'bool') throw new DTypeError(`${op}: expected a numeric tensor, got bool (cast it first)`);
          return { shape: [...x!.shape], dtype: d };
        case 'any':
          return { shape: [...x!.shape], dtype: d };
        case 'bool':
          return { shape: [...x!.shape], dtype: 'bool' };
      }
    },
    forward([x], _p, spec) {
      const out = allocOut(spec);
      kernels().unary(op, x!.data(), out);
      return out;
    },
    vjp: vjp ? (g, ctx) => [vjp(g, ctx.inputs[0]!, ctx.out)] : undefined,
  };
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

export const P = {
  neg: unaryPrim('neg', 'numeric', (g) => neg(g)),
  abs: unaryPrim('abs', 'numeric', (g, x) => mul(g, sign(x))),
  sign: unaryPrim('sign', 'numeric', (g) => mul(g, scalarOf(0, g.dtype))),
  exp: unaryPrim('exp', 'float', (g, _x, y) => mul(g, y)),
  expm1: unaryPrim('expm1', 'float', (g, _x, y) => mul(g, add(y, scalarOf(1, y.dtype)))),
  log: unaryPrim('log', 'float', (g, x) => div(g, x)),
  log1p: unaryPrim('log1p', 'float', (g, x) => div(g, add(x, scalarOf(1, x.dtype)))),
  sqrt: unaryPrim('sqrt', 'float', (g, _x, y) => div(mul(g, scalarOf(0.5, y.dtype)), y)),
  rsqrt: unaryPrim('rsqrt', 'float', (g, x, y) => mul(g, mul(scalarOf(-0.5, y.dtype), div(y, x)))),
  square: unaryPrim('square', 'numeric', (g, x) => mul(g, mul(x, scalarOf(2, x.dtype)))),
  reciprocal: unaryPrim('reciprocal', 'float', (g, _x, y) => neg(mul(g, mul(y, y)))),
  sin: unaryPrim('sin', 'float', (g, x) => mul(g, cos(x))),
  cos: unaryPrim('cos', 'float', (g, x) => neg(mul(g, sin(x)))),
  tanh: unaryPrim('tanh', 'float', (g, _x, y) => mul(g, sub(scalarOf(1, y.dtype), mul(y, y)))),
  sigmoid: unaryPrim('sigmoid', 'float', (g, _x, y) => mul(g, mul(y, sub(scalarOf(1, y.dtype), y)))),
  // relu'(0) = 0, as PyTorch.
  relu: unaryPrim('relu', 'numeric', (g, x) => mul(g, cast(greater(x, scalarOf(0, x.dtype)), g.dtype))),
  erf: unaryPrim('erf', 'float', (g, x) => mul(g, mul(scalarOf(TWO_OVER_SQRT_PI, x.dtype), exp(neg(mul(x, x)))))),
  floor: unaryPrim('floor', 'any', () => null),
  ceil: unaryPrim('ceil', 'any', () => null),
  round: unaryPrim('round', 'any', () => null),
  logicalNot: unaryPrim('logicalNot', 'bool'),
  isnan: unaryPrim('isnan', 'bool'),
  isfinite: unaryPrim('isfinite', 'bool'),
};

export const neg = (x: Tensor): Tensor => apply(P.neg, [x], undefined);
export const abs = (x: Tensor): Tensor => apply(P.abs, [x], undefined);
export const sign = (x: Tensor): Tensor => apply(P.sign, [x], undefined);
export const exp = (x: Tensor): Tensor => apply(P.exp, [x], undefined);
export const expm1 = (x: Tensor): Tensor => apply(P.expm1, [x], undefined);
export const log = (x: Tensor): Tensor => apply(P.log, [x], undefined);
export const log1p = (x: Tensor): Tensor => apply(P.log1p, [x], undefined);
export const sqrt = (x: Tensor): Tensor => apply(P.sqrt, [x], undefined);
export const rsqrt = (x: Tensor): Tensor => apply(P.rsqrt, [x], undefined);
export const square = (x: Tensor): Tensor => apply(P.square, [x], undefined);
export const reciprocal = (x: Tensor): Tensor => apply(P.reciprocal, [x], undefined);
export const sin = (x: Tensor): Tensor => apply(P.sin, [x], undefined);
export const cos = (x: Tensor): Tensor => apply(P.cos, [x], undefined);
export const tanh = (x: Tensor): Tensor => apply(P.tanh, [x], undefined);
export const sigmoid = (x: Tensor): Tensor => apply(P.sigmoid, [x], undefined);
export const relu = (x: Tensor): Tensor => apply(P.relu, [x], undefined);
export const erf = (x: Tensor): Tensor => apply(P.erf, [x], undefined);
export const floor = (x: Tensor): Tensor => apply(P.floor, [x], undefined);
export const ceil = (x: Tensor): Tensor => apply(P.ceil, [x], undefined);
export const round = (x: Tensor): Tensor => apply(P.round, [x], undefined);
export const logicalNot = (x: Tensor): Tensor => apply(P.logicalNot, [x], undefined);
export const isnan = (x: Tensor): Tensor => apply(P.isnan, [x], undefined);
export const isfinite = (x: Tensor): Tensor => apply(P.isfinite, [x], undefined);

// ---------------------------------------------------------------- binary

type BinaryRule =
  | 'arith' // promoted dtype; bool with bool becomes int32
  | 'true-div' // promoted, then float (int / int is a float division, as in Python 3)
  | 'compare' // bool out
  | 'logical'; // bool out

type BinaryVjp = (g: Tensor, ctx: VjpContext<void>) => readonly (Tensor | null)[];

function binaryPrim(op: BinaryOp, rule: BinaryRule, vjp?: BinaryVjp): Primitive<void> {
  return {
    name: op,
    infer([a, b]) {
      const shape = broadcastShapes(op, a!.shape, b!.shape);
      let dtype: DType;
      switch (rule) {
        case 'arith': {
          const d = promoteTypes(a!.dtype, b!.dtype);
          dtype = d === 'bool' ? 'int32' : d;
          break;
        }
        case 'true-div':
          dtype = floatResult(promoteTypes(a!.dtype, b!.dtype));
          break;
        default:
          dtype = 'bool';
      }
      return { shape, dtype };
    },
    forward([a, b], _p, spec) {
      const out = allocOut(spec);
      kernels().binary(op, a!.data(), a!.shape, b!.data(), b!.shape, out, spec.shape);
      return out;
    },
    vjp,
  };
}

/** Reduces each input gradient back to its input's shape (undoing broadcasting). */
function reduceBoth(ctx: VjpContext<void>, ga: Tensor | null, gb: Tensor | null): (Tensor | null)[] {
  const [a, b] = ctx.inputs;
  return [ga && ctx.needs[0] ? sumTo(ga, a!.shape) : null, gb && ctx.needs[1] ? sumTo(gb, b!.shape) : null];
}

function tieMask(x: Tensor, y: Tensor, strict: (a: Tensor, b: Tensor) => Tensor, g: Tensor): Tensor {
  // 1 where x wins, 0.5 on ties (the gradient is split evenly, as PyTorch does), 0 where y wins.
  const win = cast(strict(x, y), g.dtype);
  const tie = cast(equal(x, y), g.dtype);
  return add(win, mul(tie, scalarOf(0.5, g.dtype)));
}

export const B = {
  add: binaryPrim('add', 'arith', (g, ctx) => reduceBoth(ctx, g, g)),
  sub: binaryPrim('sub', 'arith', (g, ctx) => reduceBoth(ctx, g, ctx.needs[1] ? neg(g) : null)),
  mul: binaryPrim('mul', 'arith', (g, ctx) => {
    const [a, b] = ctx.inputs;
    return reduceBoth(ctx, ctx.needs[0] ? mul(g, b!) : null, ctx.needs[1] ? mul(g, a!) : null);
  }),
  div: binaryPrim('div', 'true-div', (g, ctx) => {
    const [a, b] = ctx.inputs;
    const ga = ctx.needs[0] ? div(g, b!) : null;
    const gb = ctx.needs[1] ? neg(div(mul(g, a!), mul(b!, b!))) : null;
    return reduceBoth(ctx, ga, gb);
  }),
  pow: binaryPrim('pow', 'arith', (g, ctx) => {
    const [a, b] = ctx.inputs;
    const y = ctx.out;
    const one = scalarOf(1, y.dtype);
    const ga = ctx.needs[0] ? mul(g, mul(b!, pow(a!, sub(b!, one)))) : null;
    let gb: Tensor | null = null;
    if (ctx.needs[1]) {
      // d/db a^b = a^b·log a; where a = 0 the limit is taken as 0 (PyTorch's convention).
      const zero = scalarOf(0, y.dtype);
      const safeLog = log(where(equal(a!, zero), one, a!));
      gb = mul(g, mul(y, safeLog));
    }
    return reduceBoth(ctx, ga, gb);
  }),
  maximum: binaryPrim('maximum', 'arith', (g, ctx) => {
    const [a, b] = ctx.inputs;
    const ma = tieMask(a!, b!, greater, g);
    const ga = ctx.needs[0] ? mul(g, ma) : null;
    const gb = ctx.needs[1] ? mul(g, sub(scalarOf(1, g.dtype), ma)) : null;
    return reduceBoth(ctx, ga, gb);
  }),
  minimum: binaryPrim('minimum', 'arith', (g, ctx) => {
    const [a, b] = ctx.inputs;
    const ma = tieMask(a!, b!, less, g);
    const ga = ctx.needs[0] ? mul(g, ma) : null;
    const gb = ctx.needs[1] ? mul(g, sub(scalarOf(1, g.dtype), ma)) : null;
    return reduceBoth(ctx, ga, gb);
  }),
  mod: binaryPrim('mod', 'arith', (g, ctx) => {
    const [a, b] = ctx.inputs;
    const gb = ctx.needs[1] ? neg(mul(g, floor(div(a!, b!)))) : null;
    return reduceBoth(ctx, g, gb);
  }),
  atan2: binaryPrim('atan2', 'true-div', (g, ctx) => {
    const [a, b] = ctx.inputs;
    const r2 = add(mul(a!, a!), mul(b!, b!));
    return reduceBoth(ctx, ctx.needs[0] ? div(mul(g, b!), r2) : null, ctx.needs[1] ? neg(div(mul(g, a!), r2)) : null);
  }),
  equal: binaryPrim('equal', 'compare'),
  notEqual: binaryPrim('notEqual', 'compare'),
  less: binaryPrim('less', 'compare'),
  lessEqual: binaryPrim('lessEqual', 'compare'),
  greater: binaryPrim('greater', 'compare'),
  greaterEqual: binaryPrim('greaterEqual', 'compare'),
  logicalAnd: binaryPrim('logicalAnd', 'logical'),
  logicalOr: binaryPrim('logicalOr', 'logical'),
  logicalXor: binaryPrim('logicalXor', 'logical'),
};

export const add = (a: Tensor, b: Tensor): Tensor => apply(B.add, [a, b], undefined);
export const sub = (a: Tensor, b: Tensor): Tensor => apply(B.sub, [a, b], undefined);
export const mul = (a: Tensor, b: Tensor): Tensor => apply(B.mul, [a, b], undefined);
export const div = (a: Tensor, b: Tensor): Tensor => apply(B.div, [a, b], undefined);
export const pow = (a: Tensor, b: Tensor): Tensor => apply(B.pow, [a, b], undefined);
export const maximum = (a: Tensor, b: Tensor): Tensor => apply(B.maximum, [a, b], undefined);
export const minimum = (a: Tensor, b: Tensor): Tensor => apply(B.minimum, [a, b], undefined);
export const mod = (a: Tensor, b: Tensor): Tensor => apply(B.mod, [a, b], undefined);
export const atan2 = (a: Tensor, b: Tensor): Tensor => apply(B.atan2, [a, b], undefined);
export const equal = (a: Tensor, b: Tensor): Tensor => apply(B.equal, [a, b], undefined);
export const notEqual = (a: Tensor, b: Tensor): Tensor => apply(B.notEqual, [a, b], undefined);
export const less = (a: Tensor, b: Tensor): Tensor => apply(B.less, [a, b], undefined);
export const lessEqual = (a: Tensor, b: Tensor): Tensor => apply(B.lessEqual, [a, b], undefined);
export const greater = (a: Tensor, b: Tensor): Tensor => apply(B.greater, [a, b], undefined);
export const greaterEqual = (a: Tensor, b: Tensor): Tensor => apply(B.greaterEqual, [a, b], undefined);
export const logicalAnd = (a: Tensor, b: Tensor): Tensor => apply(B.logicalAnd, [a, b], undefined);
export const logicalOr = (a: Tensor, b: Tensor): Tensor => apply(B.logicalOr, [a, b], undefined);
export const logicalXor = (a: Tensor, b: Tensor): Tensor => apply(B.logicalXor, [a, b], undefined);

// ---------------------------------------------------------------- where, cast

const WHERE: Primitive<void> = {
  name: 'where',
  infer([c, a, b]) {
    if (c!.dtype !== 'bool') throw new DTypeError(`where: condition must be bool, got ${c!.dtype}`);
    const ab = broadcastShapes('where', a!.shape, b!.shape, ['x', 'y']);
    const shape = broadcastShapes('where', c!.shape, ab, ['condition', 'x/y']);
    return { shape, dtype: promoteTypes(a!.dtype, b!.dtype) };
  },
  forward([c, a, b], _p, spec) {
    const out = allocOut(spec);
    kernels().where(c!.data() as Uint8Array, c!.shape, a!.data(), a!.shape, b!.data(), b!.shape, out, spec.shape);
    return out;
  },
  vjp(g, ctx) {
    const [c, a, b] = ctx.inputs;
    const zero = scalarOf(0, g.dtype);
    return [
      null,
      ctx.needs[1] ? sumTo(where(c!, g, zero), a!.shape) : null,
      ctx.needs[2] ? sumTo(where(c!, zero, g), b!.shape) : null,
    ];
  },
};

/** Elementwise choice: `cond ? a : b`, broadcasting all three. */
export const where = (cond: Tensor, a: Tensor, b: Tensor): Tensor => apply(WHERE, [cond, a, b], undefined);

const CAST: Primitive<{ dtype: DType }> = {
  name: 'cast',
  infer([x], p) {
    return { shape: [...x!.shape], dtype: p.dtype };
  },
  forward([x], _p, spec) {
    const out = allocOut(spec);
    kernels().cast(x!.data(), out);
    return out;
  },
  vjp(g, ctx) {
    const x = ctx.inputs[0]!;
    return [isFloat(x.dtype) ? cast(g, x.dtype) : null];
  },
};

/** Converts to another dtype (returns the tensor itself when it already has it). */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return apply(CAST, [x], { dtype });
}

/** Checks two shapes are equal, for ops that do not broadcast. */
export function assertSameShape(op: string, a: Tensor, b: Tensor, names: [string, string] = ['a', 'b']): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: ${names[0]} is ${fmtShape(a.shape)}, ${names[1]} is ${fmtShape(b.shape)}; they must match`);
  }
}
