import { describe, expect, it } from 'vitest';
import * as viz from '../../src/viz/index.js';

describe('formatProgress', () => {
  it('formats a Keras-style running line', () => {
    const line = viz.formatProgress({ current: 375, total: 1875, elapsedMs: 3000, metrics: { loss: 0.42131, accuracy: 0.85124 }, samples: 12000 });
    expect(line).toBe(' 375/1875 [=====>........................] - ETA: 12s - loss: 0.4213 - accuracy: 0.8512 - 4000 samples/s');
  });

  it('formats the finished line with total time and time per step', () => {
    const line = viz.formatProgress({ current: 1875, total: 1875, elapsedMs: 14_000, metrics: { loss: 0.3 }, done: true });
    expect(line).toBe('1875/1875 [==============================] - 14s 7ms/step - loss: 0.3000');
    expect(viz.formatProgress({ current: 10, total: 10, elapsedMs: 5, done: true, noBar: true })).toBe('10/10 - 0s 500us/step');
  });

  it('handles the start, unknown totals, long times and tiny metrics', () => {
    expect(viz.formatProgress({ current: 0, total: 4, elapsedMs: 0, width: 8 })).toBe('0/4 [........]');
    expect(viz.formatProgress({ current: 12, elapsedMs: 1000 })).toBe('     12/Unknown');
    expect(viz.formatDuration(62)).toBe('1:02');
    expect(viz.formatDuration(3723)).toBe('1:02:03');
    expect(viz.formatMetric(0.00001234)).toBe('1.2340e-5');
  });
});

describe('ProgressBar', () => {
  function clock() {
    let t = 0;
    return { now: () => t, tick: (ms: number) => (t += ms) };
  }

  it('redraws in place on a terminal, throttled, and ends with a newline', () => {
    const out: string[] = [];
    const c = clock();
    const bar = new viz.ProgressBar({ total: 4, epoch: 1, epochs: 3, tty: true, write: (s) => out.push(s), now: c.now, width: 4 });
    c.tick(100);
    bar.update(1, { loss: 1 });
    c.tick(10);
    bar.update(2, { loss: 0.9 }); // within 50 ms: not drawn
    c.tick(100);
    bar.update(3, { loss: 0.8 });
    c.tick(100);
    bar.done({ loss: 0.7 }, 4);
    expect(out[0]).toBe('Epoch 1/3\n');
    expect(out.slice(1).every((s) => s.startsWith('\r'))).toBe(true);
    expect(out.length).toBe(4);
    expect(out[2]).toContain('3/4 [==>.]');
    expect(out[3]).toBe('\r4/4 [====] - 0s 78ms/step - loss: 0.7000\n');
  });

  it('prints one plain line per epoch when not on a terminal', () => {
    const out: string[] = [];
    const c = clock();
    const bar = new viz.ProgressBar({ total: 100, epoch: 2, epochs: 5, tty: false, write: (s) => out.push(s), now: c.now });
    for (let i = 1; i <= 100; i++) {
      c.tick(20);
      bar.update(i, { loss: 0.5 });
    }
    bar.done({ loss: 0.25, val_loss: 0.3 });
    expect(out).toEqual(['Epoch 2/5 - 100/100 - 2s 20ms/step - loss: 0.2500 - val_loss: 0.3000\n']);
  });
});
