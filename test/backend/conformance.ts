/**
 * The kernel conformance suite: every kernel of the contract, called on fresh random inputs of
 * awkward sizes (1, 7, 33, 257…) in every dtype it takes, must give what the js reference gives.
 * Any backend runs it: `conformanceCases()` lists the calls, and each case runs once on the
 * kernels under test and once on the reference, then the outputs are compared.
 *
 * @example
 * for (const c of conformanceCases()) expect(compareOutputs(c.run(kernels()), c.run(referenceKernels()), c.tol).ok).toBe(true);
 */
import type { BinaryOp, Kernels, ReduceOp, UnaryOp } from '../../src/backend/contract.js';
import type { TypedArray } from '../../src/tensor/dtype.js';
import { Generator } from '../../src/random.js';

type DType = 'float32' | 'float64' | 'int32' | 'bool';

export interface KernelCase {
  kernel: keyof Kernels;
  label: string;
  /** Relative tolerance (0: exact; NaN equals NaN). Reductions and products may reorder float sums. */
  tol: number;
  /** Calls the kernel on fixed inputs and returns what it wrote (or fills). */
  run(k: Kernels): TypedArray;
}

function alloc(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'bool':
      return new Uint8Array(n);
  }
}

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Fixed pseudo-random data: floats in [low, high), ints in [-5, 5], bools 0/1. */
function data(seed: number, dtype: DType, n: number, low = -3, high = 3): TypedArray {
  const g = new Generator(seed);
  const out = alloc(dtype, n);
  for (let i = 0; i < n; i++) {
    if (dtype === 'int32') out[i] = g.randint(-5, 6);
    else if (dtype === 'bool') out[i] = g.randint(0, 2);
    else out[i] = g.uniform(low, high);
  }
  return out;
}

const LENGTHS = [1, 7, 33, 257];
const FLOATS: DType[] = ['float32', 'float64'];
const POSITIVE: UnaryOp[] = ['log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal'];
const UNARY: UnaryOp[] = [
  'identity', 'neg', 'abs', 'sign', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'sin', 'cos',
  'tanh', 'sigmoid', 'relu', 'erf', 'floor', 'ceil', 'round', 'logicalNot', 'isnan', 'isfinite', 'positive',
];
const BOOL_OUT = new Set<string>(['logicalNot', 'isnan', 'isfinite', 'equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor']);
const BINARY: BinaryOp[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'mod', 'atan2', 'equal', 'notEqual', 'less', 'lessEqual', 'greater',
  'greaterEqual', 'logicalAnd', 'logicalOr', 'logicalXor',
];
const INT_BINARY = new Set<BinaryOp>(['add', 'sub', 'mul', 'maximum', 'minimum', 'equal', 'less', 'greaterEqual', 'logicalAnd']);
const BINARY_SHAPES: [number[], number[]][] = [
  [[257], [257]],
  [[33, 1], [7]],
  [[1], [7, 33]],
  [[7, 33], []],
  [[2, 1, 5], [3, 1]],
  [[1, 3, 1], [2, 1, 7]],
  [[0, 3], [3]],
];

/** Every case of the suite. */
export function conformanceCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  let seed = 1;

  for (const op of UNARY)
    for (const dtype of FLOATS)
      for (const n of LENGTHS) {
        const s = seed++;
        const outType: DType = BOOL_OUT.has(op) ? 'bool' : dtype;
        const x = data(s, dtype, n, POSITIVE.includes(op) ? 0.01 : -3, 3);
        if (n > 2) x[1] = 0; // zeros exercise sign, relu, logicalNot
        cases.push({ kernel: 'unary', label: `${op} ${dtype} [${n}]`, tol: 0, run: (k) => call((o) => k.unary(op, x, o), alloc(outType, n)) });
      }

  for (const op of BINARY)
    for (const dtype of [...FLOATS, 'int32'] as DType[]) {
      if (dtype === 'int32' && !INT_BINARY.has(op)) continue;
      for (const [as, bs] of BINARY_SHAPES) {
        const a = data(seed++, dtype, size(as), op === 'pow' ? 0.1 : -3);
        const b = data(seed++, dtype, size(bs));
        const outShape = broadcast(as, bs);
        const outType: DType = BOOL_OUT.has(op) ? 'bool' : dtype;
        cases.push({
          kernel: 'binary',
          label: `${op} ${dtype} [${as}] with [${bs}]`,
          tol: 0,
          run: (k) => call((o) => k.binary(op, a, as, b, bs, o, outShape), alloc(outType, size(outShape))),
        });
      }
    }

  for (const [cs, as, bs] of [
    [[7], [7], [7]],
    [[33, 1], [1, 7], []],
    [[], [2, 3], [3]],
  ] as number[][][]) {
    const c = data(seed++, 'bool', size(cs!)) as Uint8Array;
    const a = data(seed++, 'float32', size(as!));
    const b = data(seed++, 'float32', size(bs!));
    const outShape = broadcast(broadcast(as!, bs!), cs!);
    cases.push({ kernel: 'where', label: `where [${cs}] [${as}] [${bs}]`, tol: 0, run: (k) => call((o) => k.where(c, cs!, a, as!, b, bs!, o, outShape), alloc('float32', size(outShape))) });
  }

  const RSHAPE = [3, 7, 5];
  const AXES = [[0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
  for (const op of ['sum', 'prod', 'max', 'min'] as ReduceOp[])
    for (const dtype of [...FLOATS, 'int32'] as DType[])
      for (const axes of AXES) {
        const x = data(seed++, dtype, size(RSHAPE), op === 'prod' ? 0.5 : -3, op === 'prod' ? 1.5 : 3);
        const outN = size(RSHAPE.filter((_, i) => !axes.includes(i)));
        cases.push({ kernel: 'reduce', label: `${op} ${dtype} [${RSHAPE}] axes ${axes}`, tol: dtype === 'float32' ? 1e-6 : 1e-13, run: (k) => call((o) => k.reduce(op, x, RSHAPE, axes, o), alloc(dtype, outN)) });
      }
  for (const op of ['argmax', 'argmin'] as ReduceOp[])
    for (const axis of [0, 1, 2]) {
      const x = data(seed++, 'float32', size(RSHAPE));
      const outN = size(RSHAPE) / RSHAPE[axis]!;
      cases.push({ kernel: 'reduce', label: `${op} axis ${axis}`, tol: 0, run: (k) => call((o) => k.reduce(op, x, RSHAPE, [axis], o), alloc('int32', outN)) });
    }

  for (const axis of [0, 1, 2])
    for (const reverse of [false, true]) {
      const x = data(seed++, 'float64', size(RSHAPE));
      cases.push({ kernel: 'cumsum', label: `cumsum axis ${axis} reverse ${reverse}`, tol: 1e-13, run: (k) => call((o) => k.cumsum(x, RSHAPE, axis, reverse, o), alloc('float64', x.length)) });
    }

  const MM: [number, number, number][] = [
    [1, 1, 1],
    [7, 33, 1],
    [1, 33, 7],
    [33, 7, 17],
    [17, 65, 33],
  ];
  for (const dtype of [...FLOATS, 'int32'] as DType[])
    for (const [m, kk, n] of MM)
      for (const [transA, transB] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as [boolean, boolean][]) {
        const batch = 3;
        const a = data(seed++, dtype, batch * m * kk);
        const b = data(seed++, dtype, kk * n); // one B broadcast over the batch
        const p = { batch, m, n, k: kk, transA, transB, aOffsets: Int32Array.from([0, m * kk, 2 * m * kk]), bOffsets: new Int32Array(3) };
        cases.push({
          kernel: 'matmul',
          label: `matmul ${dtype} ${m}x${kk}x${n} transA=${transA} transB=${transB}`,
          tol: dtype === 'float32' ? 1e-5 : dtype === 'float64' ? 1e-13 : 0,
          run: (k) => call((o) => k.matmul(a, b, o, p), alloc(dtype, batch * m * n)),
        });
      }

  {
    const x = data(seed++, 'float32', 7 * 33);
    cases.push({ kernel: 'copy', label: 'copy transpose [7,33]', tol: 0, run: (k) => call((o) => k.copy(x, 0, [1, 33], o, [33, 7]), alloc('float32', 7 * 33)) });
    cases.push({ kernel: 'copy', label: 'copy reversed rows, every 2nd column', tol: 0, run: (k) => call((o) => k.copy(x, 6 * 33 + 1, [-33, 2], o, [7, 16]), alloc('float32', 7 * 16)) });
    cases.push({ kernel: 'copy', label: 'copy broadcast (stride 0)', tol: 0, run: (k) => call((o) => k.copy(x, 0, [0, 1], o, [5, 33]), alloc('float32', 5 * 33)) });
    const xi = data(seed++, 'int32', 24);
    cases.push({ kernel: 'pad', label: 'pad int32 [2,3,4]', tol: 0, run: (k) => call((o) => k.pad(xi, [2, 3, 4], [1, 0, 2], 9, o, [4, 5, 7]), alloc('int32', 4 * 5 * 7)) });
    const c1 = data(seed++, 'float64', 2 * 1 * 3);
    const c2 = data(seed++, 'float64', 2 * 7 * 3);
    cases.push({ kernel: 'concat', label: 'concat axis 1', tol: 0, run: (k) => call((o) => k.concat([c1, c2], [[2, 1, 3], [2, 7, 3]], 1, o, [2, 8, 3]), alloc('float64', 48)) });
    const idx = Int32Array.from([4, 0, 4, 32, 1]);
    const gx = data(seed++, 'float32', 3 * 33 * 2);
    cases.push({ kernel: 'gather', label: 'gather axis 1 with repeats', tol: 0, run: (k) => call((o) => k.gather(gx, [3, 33, 2], 1, idx, o), alloc('float32', 3 * 5 * 2)) });
    const src = data(seed++, 'float32', 3 * 5 * 2);
    const base = data(seed++, 'float32', 3 * 33 * 2);
    cases.push({
      kernel: 'scatterAdd',
      label: 'scatterAdd axis 1 with repeats',
      tol: 1e-7,
      run: (k) => {
        const out = base.slice();
        const r = k.scatterAdd(out, [3, 33, 2], 1, idx, src);
        if (r === false) throw new Error('declined');
        return out;
      },
    });
  }

  for (const from of [...FLOATS, 'int32', 'bool'] as DType[])
    for (const to of [...FLOATS, 'int32', 'bool'] as DType[]) {
      const x = data(seed++, from, 33);
      if (from !== 'int32' && from !== 'bool') x[3] = -2.7;
      cases.push({ kernel: 'cast', label: `cast ${from} to ${to}`, tol: 0, run: (k) => call((o) => k.cast(x, o), alloc(to, 33)) });
    }

  for (const kind of ['uniform', 'normal', 'truncatedNormal'] as const)
    for (const dtype of FLOATS)
      cases.push({
        kernel: 'random',
        label: `random ${kind} ${dtype}`,
        tol: 0,
        run: (k) => call((o) => k.random(kind, o, 0.5, 2, new Generator(77)), alloc(dtype, 257)),
      });

  return cases;
}

/** Runs one kernel call; a kernel under test that declines (returns false) must not be compared. */
function call(f: (out: TypedArray) => void | false, out: TypedArray): TypedArray {
  if (f(out) === false) throw new Error('declined');
  return out;
}

function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Compares two outputs element by element: same type, same length, within `tol` relative (NaN equals NaN). */
export function compareOutputs(actual: TypedArray, expected: TypedArray, tol: number): { ok: boolean; detail: string } {
  if (actual.constructor !== expected.constructor) return { ok: false, detail: `type ${actual.constructor.name} vs ${expected.constructor.name}` };
  if (actual.length !== expected.length) return { ok: false, detail: `length ${actual.length} vs ${expected.length}` };
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a === e || (a !== a && e !== e)) continue;
    if (Math.abs(a - e) <= tol * Math.max(1, Math.abs(e))) continue;
    return { ok: false, detail: `index ${i}: ${a} vs ${e}` };
  }
  return { ok: true, detail: '' };
}
