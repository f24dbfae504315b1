/** Forward values of elementwise ops against scalar references and closed forms, with broadcasting. */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { draw } from './op-db.js';
import { closeTo, refBinary } from './ref.js';

type T = nb.Tensor;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const erf1 = 0.8427007929497149; // erf(1), from tables
const SELU_A = 1.6732632423543772;
const SELU_L = 1.0507009873554805;

const UNARY: [string, (x: T) => T, (x: number) => number, { low: number; high: number }][] = [
  ['neg', nb.neg, (x) => -x, { low: -3, high: 3 }],
  ['abs', nb.abs, Math.abs, { low: -3, high: 3 }],
  ['sign', nb.sign, Math.sign, { low: -3, high: 3 }],
  ['exp', nb.exp, Math.exp, { low: -3, high: 3 }],
  ['expm1', nb.expm1, Math.expm1, { low: -1e-3, high: 1e-3 }],
  ['log', nb.log, Math.log, { low: 0.01, high: 10 }],
  ['log1p', nb.log1p, Math.log1p, { low: -1e-3, high: 1e-3 }],
  ['sqrt', nb.sqrt, Math.sqrt, { low: 0, high: 10 }],
  ['rsqrt', nb.rsqrt, (x) => 1 / Math.sqrt(x), { low: 0.1, high: 10 }],
  ['square', nb.square, (x) => x * x, { low: -3, high: 3 }],
  ['reciprocal', nb.reciprocal, (x) => 1 / x, { low: 0.1, high: 3 }],
  ['sin', nb.sin, Math.sin, { low: -5, high: 5 }],
  ['cos', nb.cos, Math.cos, { low: -5, high: 5 }],
  ['tanh', nb.tanh, Math.tanh, { low: -5, high: 5 }],
  ['sigmoid', nb.sigmoid, sigmoid, { low: -10, high: 10 }],
  ['relu', nb.relu, (x) => Math.max(x, 0), { low: -3, high: 3 }],
  ['leakyRelu', (x) => nb.leakyRelu(x), (x) => (x > 0 ? x : 0.3 * x), { low: -3, high: 3 }],
  ['elu', (x) => nb.elu(x), (x) => (x > 0 ? x : Math.expm1(x)), { low: -3, high: 3 }],
  ['selu', nb.selu, (x) => SELU_L * (x > 0 ? x : SELU_A * Math.expm1(x)), { low: -3, high: 3 }],
  ['softplus', nb.softplus, (x) => Math.log1p(Math.exp(x)), { low: -10, high: 10 }],
  ['silu', nb.silu, (x) => x * sigmoid(x), { low: -5, high: 5 }],
  ['softsign', nb.softsign, (x) => x / (1 + Math.abs(x)), { low: -5, high: 5 }],
  ['floor', nb.floor, Math.floor, { low: -5, high: 5 }],
  ['ceil', nb.ceil, Math.ceil, { low: -5, high: 5 }],
  ['clip', (x) => nb.clip(x, -1, 0.5), (x) => Math.min(Math.max(x, -1), 0.5), { low: -3, high: 3 }],
];

describe('unary ops match their scalar definitions', () => {
  it.each(UNARY)('%s', (_name, f, ref, domain) => {
    const x = draw(new nb.Generator(7), [3, 7], domain);
    const y = f(x);
    expect(y.shape).toEqual([3, 7]);
    expect(y.dtype).toBe('float64');
    const expected = Array.from(x.data(), ref);
    const r64 = closeTo(y.data(), expected, 1e-14);
    expect(r64.ok, r64.worst).toBe(true);
    // float32: the same values to float32 precision.
    const y32 = f(nb.cast(x, 'float32'));
    expect(y32.dtype).toBe('float32');
    const r32 = closeTo(y32.data(), Array.from(nb.cast(x, 'float32').data(), ref), 1e-6);
    expect(r32.ok, r32.worst).toBe(true);
  });
});

const BINARY: [string, (a: T, b: T) => T, (a: number, b: number) => number][] = [
  ['add', nb.add, (a, b) => a + b],
  ['sub', nb.sub, (a, b) => a - b],
  ['mul', nb.mul, (a, b) => a * b],
  ['div', nb.div, (a, b) => a / b],
  ['pow', (a, b) => nb.pow(nb.abs(a), b), (a, b) => Math.abs(a) ** b],
  ['maximum', nb.maximum, Math.max],
  ['minimum', nb.minimum, Math.min],
  ['mod', nb.mod, (a, b) => a - Math.floor(a / b) * b],
  ['atan2', nb.atan2, Math.atan2],
  ['equal', (a, b) => nb.equal(nb.round(a), nb.round(b)), (a, b) => +(Math.round(a) === Math.round(b))],
  ['notEqual', (a, b) => nb.notEqual(nb.round(a), nb.round(b)), (a, b) => +(Math.round(a) !== Math.round(b))],
  ['less', nb.less, (a, b) => +(a < b)],
  ['lessEqual', nb.lessEqual, (a, b) => +(a <= b)],
  ['greater', nb.greater, (a, b) => +(a > b)],
  ['greaterEqual', nb.greaterEqual, (a, b) => +(a >= b)],
  ['logicalAnd', (a, b) => nb.logicalAnd(nb.greater(a, 0), nb.greater(b, 0)), (a, b) => +(a > 0 && b > 0)],
  ['logicalOr', (a, b) => nb.logicalOr(nb.greater(a, 0), nb.greater(b, 0)), (a, b) => +(a > 0 || b > 0)],
  ['logicalXor', (a, b) => nb.logicalXor(nb.greater(a, 0), nb.greater(b, 0)), (a, b) => +(a > 0 !== b > 0)],
];

const SHAPES: [number[], number[]][] = [
  [[7], [7]],
  [[3, 1], [4]],
  [[4], [3, 1]],
  [[2, 3, 5], [5]],
  [[2, 1, 5], [3, 1]],
  [[1, 3, 1], [2, 1, 4]],
  [[], [2, 3]],
  [[2, 3], []],
  [[0, 3], [3]],
  [[33, 17], [33, 1]],
];

describe('binary ops broadcast as NumPy does', () => {
  const cases = BINARY.flatMap(([name, f, ref]) => SHAPES.map(([a, b]) => ({ name, f, ref, a, b })));
  it.each(cases)('$name [$a] with [$b]', ({ name, f, ref, a, b }) => {
    const gen = new nb.Generator(11);
    const ta = draw(gen, a, { low: -3, high: 3 });
    const tb = draw(gen, b, { low: -3, high: 3 });
    const y = f(ta, tb);
    const expected = refBinary(ta, tb, ref);
    expect(y.shape).toEqual(expected.shape);
    const isBool = /equal|less|greater|logical/i.test(name);
    expect(y.dtype).toBe(isBool ? 'bool' : 'float64');
    const r = closeTo(y.data(), expected.values, 1e-14);
    expect(r.ok, r.worst).toBe(true);
  });
});

describe('closed forms', () => {
  const at = (f: (x: T) => T, x: number): number => f(nb.tensor(x, { dtype: 'float64' })).item();

  it('sigmoid and softplus are stable at the extremes', () => {
    expect(at(nb.sigmoid, 0)).toBe(0.5);
    expect(at(nb.sigmoid, -1000)).toBe(0);
    expect(at(nb.sigmoid, 1000)).toBe(1);
    expect(at(nb.softplus, 0)).toBeCloseTo(Math.LN2, 15);
    expect(at(nb.softplus, 1000)).toBe(1000);
    expect(at(nb.softplus, -1000)).toBe(0);
    expect(at(nb.softplus, -50)).toBeCloseTo(Math.exp(-50), 30);
    expect(at(nb.tanh, 1000)).toBe(1);
  });

  it('erf and gelu (exact and tanh approximation)', () => {
    expect(at(nb.erf, 1)).toBeCloseTo(erf1, 15);
    expect(at(nb.erf, -1)).toBeCloseTo(-erf1, 15);
    expect(at(nb.erf, 0)).toBe(0);
    expect(at(nb.erf, 10)).toBe(1);
    expect(at((x) => nb.gelu(x), 1)).toBeCloseTo(0.5 * (1 + 0.6826894921370859), 14); // Φ(1) = (1 + erf(1/√2))/2
    expect(at((x) => nb.gelu(x), 0)).toBe(0);
    const c = Math.sqrt(2 / Math.PI);
    expect(at((x) => nb.gelu(x, 'tanh'), 1)).toBeCloseTo(0.5 * (1 + Math.tanh(c * 1.044715)), 14);
  });

  it('selu has the self-normalising constants; elu and leakyRelu take alpha', () => {
    expect(at(nb.selu, 1)).toBeCloseTo(SELU_L, 15);
    expect(at(nb.selu, -1)).toBeCloseTo(SELU_L * SELU_A * (Math.exp(-1) - 1), 15);
    expect(at((x) => nb.elu(x, 2), -1)).toBeCloseTo(2 * (Math.exp(-1) - 1), 15);
    expect(at((x) => nb.leakyRelu(x, 0.01), -2)).toBeCloseTo(-0.02, 15);
    expect(at((x) => nb.leakyRelu(x), -2)).toBeCloseTo(-0.6, 15); // Keras's default alpha 0.3
  });

  it('pow follows IEEE/NumPy on edge values; mod takes the sign of the divisor', () => {
    expect(nb.pow(nb.tensor([0, 2, -2, 4]), nb.tensor([0, -1, 2, 0.5])).toArray()).toEqual([1, 0.5, 4, 2]);
    expect(nb.mod(nb.tensor([5, -5, 5, -5]), nb.tensor([3, 3, -3, -3])).toArray()).toEqual([2, 1, -1, -2]);
  });

  it('NaN propagates through maximum, minimum, relu and clip', () => {
    const x = nb.tensor([NaN, 1]);
    expect(Number.isNaN((nb.maximum(x, 0).toArray() as number[])[0])).toBe(true);
    expect(Number.isNaN((nb.minimum(x, 0).toArray() as number[])[0])).toBe(true);
    expect(Number.isNaN((nb.relu(x).toArray() as number[])[0])).toBe(true);
    expect(Number.isNaN((nb.clip(x, 0, 0.5).toArray() as number[])[0])).toBe(true);
    expect(nb.isnan(x).toArray()).toEqual([true, false]);
    expect(nb.isfinite(nb.tensor([Infinity, -1, NaN])).toArray()).toEqual([false, true, false]);
  });

  it('round halves to even (as NumPy)', () => {
    expect(nb.round(nb.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6])).toArray()).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });

  it('clip: either bound may be omitted; bounds checked', () => {
    const x = nb.tensor([-2, 0, 2]);
    expect(nb.clip(x, -1).toArray()).toEqual([-1, 0, 2]);
    expect(nb.clip(x, null, 1).toArray()).toEqual([-2, 0, 1]);
    expect(() => nb.clip(x, 1, -1)).toThrow(/clip: min \(1\) must not exceed max \(-1\)/);
  });

  it('where picks with broadcasting, and scalars take the other branch dtype', () => {
    const c = nb.tensor([[true], [false]]);
    const y = nb.where(c, nb.tensor([1, 2, 3], { dtype: 'int32' }), 0);
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([
      [1, 2, 3],
      [0, 0, 0],
    ]);
  });

  it('logicalNot and logical ops accept numbers (non-zero is true)', () => {
    expect(nb.logicalNot(nb.tensor([0, 2, -1])).toArray()).toEqual([true, false, false]);
    expect(nb.logicalAnd(nb.tensor([0, 2, 3]), nb.tensor([1, 0, 5])).toArray()).toEqual([false, false, true]);
  });
});

describe('methods and nb.* functions are the same op', () => {
  const x = nb.tensor([
    [0.5, -1.5, 2],
    [3, -0.25, 1],
  ]);
  const y = nb.tensor([1, 2, -3]);
  const cases: [string, unknown[]][] = [
    ...['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'mod', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'].map(
      (n): [string, unknown[]] => [n, [y]],
    ),
    ...['neg', 'abs', 'sign', 'exp', 'log1p', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'leakyRelu', 'elu', 'selu', 'softplus', 'gelu', 'silu', 'erf', 'floor', 'round'].map(
      (n): [string, unknown[]] => [n, []],
    ),
    ['clip', [-1, 1]],
    ['cast', ['int32']],
    ['sum', [1, true]],
    ['mean', [0]],
    ['prod', []],
    ['max', [-1]],
    ['min', [0, true]],
    ['argmax', [1]],
    ['argmin', [0]],
    ['variance', [1]],
    ['std', []],
    ['logSumExp', [1]],
    ['norm', [1]],
    ['softmax', [0]],
    ['logSoftmax', []],
    ['cumsum', [1]],
    ['matmul', [nb.ones([3, 2])]],
    ['reshape', [[3, 2]]],
    ['flatten', []],
    ['unsqueeze', [1]],
    ['expandDims', [0]],
    ['transpose', []],
    ['permute', [[1, 0]]],
    ['broadcastTo', [[4, 2, 3]]],
    ['slice', [[0, 1], [2, 2]]],
    ['split', [3, 1]],
    ['flip', [1]],
    ['gather', [[2, 0], 1]],
    ['indexSelect', [0, [1]]],
    ['pad', [[[1, 1]]]],
    ['tile', [[2]]],
    ['repeat', [2, 0]],
  ];
  it.each(cases)('x.%s(...) is nb.%s(x, ...)', (name, args) => {
    const method = (x as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    const fn = (nb as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    expect(typeof method).toBe('function');
    expect(typeof fn).toBe('function');
    const a = method.apply(x, args);
    const b = fn(x, ...args);
    const arr = (v: unknown) => (Array.isArray(v) ? v.map((t: T) => t.toArray()) : (v as T).toArray());
    expect(arr(a)).toEqual(arr(b));
  });

  it('x.T transposes', () => {
    expect(x.T.toArray()).toEqual(nb.transpose(x).toArray());
  });
});
