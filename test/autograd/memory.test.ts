/**
 * Done-when 4: no manual memory management and no leak. 100 000 forward/backward steps of a tiny
 * graph leave the heap where a warm-up left it: each step's graph hangs off its own output tensor and
 * is garbage once the loss goes.
 */
import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as nb from 'nabla';

/** A full collection, when V8 lets us ask for one (the flag can be set at run time). */
function collector(): () => void {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // fall through: measure without forcing a collection, with the same generous bound
  }
  return () => {};
}

describe('memory', () => {
  it('100 000 forward/backward steps keep the heap bounded', () => {
    const gc = collector();
    const w = nb.tensor([0.5, -0.3], { requiresGrad: true });
    const b = nb.tensor([0.1], { requiresGrad: true });
    const x = nb.tensor([1, 2]);
    let last = 0;
    const step = (): void => {
      const loss = w.mul(x).sum().add(b).tanh().sum();
      loss.backward();
      last = w.grad!.data()[0]!;
      w.grad = null;
      b.grad = null;
    };
    for (let i = 0; i < 2000; i++) step();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) step();
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(last).toBeCloseTo(1 - Math.tanh(0.5 - 0.6 + 0.1) ** 2, 6);
    expect(growth).toBeLessThan(20 * 1024 * 1024);
  });

  it('gradients accumulated over many steps without reset stay one tensor, not a chain', () => {
    const gc = collector();
    const w = nb.tensor([1, 2], { requiresGrad: true });
    for (let i = 0; i < 1000; i++) w.mul(w).sum().backward();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20_000; i++) w.mul(w).sum().backward();
    gc();
    expect(w.grad!.requiresGrad).toBe(false);
    expect(w.grad!.isLeaf).toBe(true);
    expect(w.grad!.toArray()).toEqual([2 * 21000, 4 * 21000]);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });

  it('forward passes that are never differentiated are collected too', () => {
    const gc = collector();
    const w = nb.randn([8, 8], { requiresGrad: true });
    const x = nb.randn([4, 8]);
    for (let i = 0; i < 500; i++) x.matmul(w).relu().sum();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20_000; i++) x.matmul(w).relu().sum();
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });
});
