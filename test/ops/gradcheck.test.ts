/**
 * Done-when 1: every differentiable op passes a float64 gradient check on awkward shapes,
 * generated from the op table in `op-db.ts` (one test per op and sample).
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';
import { OPS, drawSample } from './op-db.js';

describe.each(OPS)('gradcheck: $name', (op) => {
  it.each(op.samples.map((s, i) => ({ ...s, i })))('$label', (sample) => {
    const xs = drawSample(op, sample, 1000 + sample.i);
    const extra = sample.extra ?? [];
    const result = nb.gradcheck((...ts) => op.fn(ts, extra), xs);
    expect(result.checked).toBe(xs.reduce((n, x) => n + x.size, 0));
    expect(result.maxError, JSON.stringify(result.worst)).toBeLessThan(1e-6);
    expect(result.ok).toBe(true);
  });
});
