/**
 * Second-order checks over the op table: the gradient of every op (its VJP, which is itself made of
 * primitives) must be differentiable, and its derivative must match finite differences.
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { OPS, draw, drawSample } from '../ops/op-db.js';


describe.each(OPS)('gradgradcheck: $name', (op) => {
  it.each(op.samples.map((s, i) => ({ ...s, i })))('$label', (sample) => {
    const xs = drawSample(op, sample, 2000 + sample.i);
    const extra = sample.extra ?? [];
    // A fixed random cotangent, so the checked gradient is a non-trivial VJP.
    const out = op.fn(xs, extra);
    const w = draw(new nb.Generator(sample.i), [...out.shape]);
    const argnums = xs.map((_, i) => i);
    const vjp = (...ts: nb.Tensor[]) => {
      const gs = nb.grad((...as: nb.Tensor[]) => nb.sum(nb.mul(op.fn(as, extra), w)), { argnums })(...ts);
      return nb.concat(gs.map((g) => nb.reshape(g, [-1])), 0);
    };
    const result = nb.gradcheck(vjp, xs, { eps: 1e-5 });
    expect(result.maxError, JSON.stringify(result.worst)).toBeLessThan(1e-6);
  });
});
