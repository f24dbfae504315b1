/**
 * Done-when 6: a backend that implements only some kernels, and declines some calls by returning
 * false, gives the same results as js (the reference fills every gap); unknown backends are a
 * ConfigError listing the registered ones. The conformance suite runs on the composed kernels.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import type { Kernels, MatmulParams, Shape } from '../../src/backend/contract.js';
import { kernels, referenceKernels } from '../../src/backend/registry.js';
import type { TypedArray } from '../../src/tensor/dtype.js';
import { compareOutputs, conformanceCases } from './conformance.js';

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Counts of calls each kernel of the fake backend took and declined. */
const calls = { took: new Map<string, number>(), declined: new Map<string, number>() };
const note = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** A partial backend: float32 only, a few ops, no broadcasting, no transposed products. */
const fakeKernels: Partial<Kernels> = {
  unary(op, x, out) {
    const f = op === 'exp' ? Math.exp : op === 'tanh' ? Math.tanh : op === 'neg' ? (v: number) => -v : null;
    if (!f || !(x instanceof Float32Array) || !(out instanceof Float32Array)) {
      note(calls.declined, 'unary');
      return false;
    }
    note(calls.took, 'unary');
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  },
  binary(op, a, aShape, b, bShape, out, outShape) {
    const ok = (op === 'add' || op === 'mul' || op === 'sub') && out instanceof Float32Array && sameShape(aShape, outShape) && sameShape(bShape, outShape);
    if (!ok) {
      note(calls.declined, 'binary');
      return false;
    }
    note(calls.took, 'binary');
    for (let i = 0; i < out.length; i++) out[i] = op === 'add' ? a[i]! + b[i]! : op === 'mul' ? a[i]! * b[i]! : a[i]! - b[i]!;
  },
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, p: MatmulParams) {
    if (!(out instanceof Float32Array) || p.transA || p.transB) {
      note(calls.declined, 'matmul');
      return false;
    }
    note(calls.took, 'matmul');
    // i-j-k order (the reference is i-k-j), so results agree to rounding, not bit for bit.
    for (let t = 0; t < p.batch; t++)
      for (let i = 0; i < p.m; i++)
        for (let j = 0; j < p.n; j++) {
          let s = 0;
          for (let q = 0; q < p.k; q++) s += a[p.aOffsets[t]! + i * p.k + q]! * b[p.bOffsets[t]! + q * p.n + j]!;
          out[t * p.m * p.n + i * p.n + j] = s;
        }
  },
};

nb.registerBackend({ name: 'fake', kernels: fakeKernels });
nb.registerBackend({ name: 'unavailable', kernels: {}, init: () => false });

afterEach(() => nb.setBackend('js'));

/** A few steps of training a small MLP with plain SGD; returns the final parameters and losses. */
function train(): { params: number[][]; losses: number[] } {
  nb.seed(3);
  const x = nb.randn([16, 8]);
  const y = nb.randint(0, 3, [16]);
  const w1 = nb.randn([8, 7], { std: 0.5, requiresGrad: true });
  const b1 = nb.zeros([7], { requiresGrad: true });
  const w2 = nb.randn([7, 3], { std: 0.5, requiresGrad: true });
  const params = [w1, b1, w2];
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    const logits = x.matmul(w1).add(b1).tanh().matmul(w2);
    const loss = nb.neg(nb.mean(nb.sum(nb.mul(nb.oneHot(y, 3), nb.logSoftmax(logits)), 1)));
    losses.push(loss.item());
    loss.backward();
    nb.noGrad(() => {
      for (const p of params) {
        const next = p.sub(p.grad!.mul(0.5));
        p.data().set(next.data());
        p.grad = null;
      }
    });
  }
  return { params: params.map((p) => Array.from(p.data())), losses };
}

/** Ops in other dtypes, which the fake declines or lacks. */
function mixed(): number[][] {
  const i = nb.arange(12).reshape([3, 4]);
  const d = nb.linspace(-1, 1, 12, 'float64').reshape([3, 4]);
  return [
    i.add(i.T.reshape([3, 4])).mul(2).data(),
    nb.softmax(d, 0).data(),
    nb.cumsum(d, 1).data(),
    nb.greater(d, 0).data(),
    nb.matmul(d, d.T).data(),
    nb.exp(i).data(),
  ].map((a) => Array.from(a));
}

describe('a partial backend falls back to the js reference', () => {
  it('registers, is listed and becomes active', () => {
    expect(nb.listBackends()).toEqual(expect.arrayContaining(['js', 'fake', 'unavailable']));
    nb.setBackend('fake');
    expect(nb.getBackend()).toBe('fake');
    nb.setBackend('js');
    expect(nb.getBackend()).toBe('js');
  });

  it('trains a small MLP to the same parameters as js, using its kernels where it can', () => {
    const ref = train();
    nb.setBackend('fake');
    calls.took.clear();
    calls.declined.clear();
    const got = train();
    expect(calls.took.get('matmul')).toBeGreaterThan(0);
    expect(calls.declined.get('matmul')).toBeGreaterThan(0); // the backward pass's transposed products
    expect(calls.took.get('binary')).toBeGreaterThan(0);
    expect(calls.declined.get('binary')).toBeGreaterThan(0); // broadcasting adds
    expect(calls.took.get('unary')).toBeGreaterThan(0);
    got.losses.forEach((l, i) => expect(l).toBeCloseTo(ref.losses[i]!, 5));
    got.params.forEach((p, i) => {
      const r = compareOutputs(Float32Array.from(p), Float32Array.from(ref.params[i]!), 1e-5);
      expect(r.ok, r.detail).toBe(true);
    });
    expect(got.losses[2]).toBeLessThan(got.losses[0]!);
  });

  it('gives identical results on int32, float64 and bool ops, which it declines or lacks', () => {
    const ref = mixed();
    nb.setBackend('fake');
    calls.declined.clear();
    expect(mixed()).toEqual(ref);
    expect(calls.declined.get('unary')).toBeGreaterThan(0);
  });

  it('passes the kernel conformance suite (its own kernels where it accepts, the reference elsewhere)', () => {
    nb.setBackend('fake');
    const k = kernels();
    const ref = referenceKernels();
    const cases = conformanceCases();
    expect(cases.length).toBeGreaterThan(300);
    const failures = cases
      .map((c) => ({ c, r: compareOutputs(c.run(k), c.run(ref), c.tol) }))
      .filter(({ r }) => !r.ok)
      .map(({ c, r }) => `${c.label}: ${r.detail}`);
    expect(failures).toEqual([]);
  });
});

describe('choosing a backend', () => {
  it('an unknown name is a ConfigError listing the registered backends', () => {
    let err: unknown;
    try {
      nb.setBackend('nope');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(nb.ConfigError);
    expect((err as nb.ConfigError).code).toBe('E_CONFIG');
    expect((err as Error).message).toBe(`setBackend: unknown backend "nope"; available: ${nb.listBackends().join(', ')}`);
    expect(nb.getBackend()).toBe('js');
  });

  it('a backend that cannot start here is refused and the active one stays', () => {
    expect(() => nb.setBackend('unavailable')).toThrow(/^setBackend: backend "unavailable" cannot run here$/);
    expect(nb.getBackend()).toBe('js');
  });
});
