import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

const P0 = [1, -2];
const G = [
  [0.5, -1],
  [0.1, 0.2],
];

/** Runs two steps with the fixed gradients G on a float64 parameter and returns its values after each. */
function run(opt: (params: nb.Tensor[]) => nb.optim.Optimizer): number[][] {
  const p = nb.tensor(P0, { dtype: 'float64', requiresGrad: true });
  const o = opt([p]);
  return G.map((g) => {
    p.grad = nb.tensor(g, { dtype: 'float64' });
    o.step();
    return Array.from(p.data());
  });
}

function expectSteps(actual: number[][], expected: number[][]): void {
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 10)));
}

/** Applies `rule(state, g, t)` elementwise by hand: returns the parameter after each step. */
function byHand<S>(init: () => S, rule: (p: number, g: number, s: S, t: number) => number): number[][] {
  const states = P0.map(() => init());
  const p = P0.slice();
  return G.map((g, t) => {
    for (let j = 0; j < p.length; j++) p[j] = rule(p[j]!, g[j]!, states[j]!, t + 1);
    return p.slice();
  });
}

describe('optimizer updates against hand-computed steps', () => {
  it('SGD: θ − ηg', () => {
    expectSteps(run((ps) => nb.optim.sgd({ learningRate: 0.1 }, ps)), byHand(() => ({}), (p, g) => p - 0.1 * g));
  });

  it('momentum: v = μv − ηg, θ += v', () => {
    const hand = byHand(() => ({ v: 0 }), (p, g, s) => {
      s.v = 0.9 * s.v - 0.1 * g;
      return p + s.v;
    });
    expectSteps(run((ps) => nb.optim.momentum({ learningRate: 0.1 }, ps)), hand);
    expectSteps(run((ps) => nb.optim.sgd({ learningRate: 0.1, momentum: 0.9 }, ps)), hand);
  });

  it('Nesterov: θ += μv − ηg with the updated v', () => {
    const hand = byHand(() => ({ v: 0 }), (p, g, s) => {
      s.v = 0.9 * s.v - 0.1 * g;
      return p + 0.9 * s.v - 0.1 * g;
    });
    expectSteps(run((ps) => nb.optim.nesterov({ learningRate: 0.1 }, ps)), hand);
  });

  it('Adagrad: G += g², θ −= ηg/√(G + ε), accumulator starting at 0.1', () => {
    const hand = byHand(() => ({ G: 0.1 }), (p, g, s) => {
      s.G += g * g;
      return p - (0.1 * g) / Math.sqrt(s.G + 1e-7);
    });
    expectSteps(run((ps) => nb.optim.adagrad({ learningRate: 0.1 }, ps)), hand);
  });

  it('Adadelta: ratio of running RMS of updates and gradients', () => {
    const rho = 0.95;
    const eps = 1e-6;
    const hand = byHand(() => ({ eg: 0, ed: 0 }), (p, g, s) => {
      s.eg = rho * s.eg + (1 - rho) * g * g;
      const d = (-Math.sqrt(s.ed + eps) / Math.sqrt(s.eg + eps)) * g;
      s.ed = rho * s.ed + (1 - rho) * d * d;
      return p + 1.0 * d;
    });
    expectSteps(run((ps) => nb.optim.adadelta({ learningRate: 1, epsilon: eps }, ps)), hand);
  });

  it('RMSprop: plain, centred, with momentum', () => {
    const plain = byHand(() => ({ v: 0 }), (p, g, s) => {
      s.v = 0.9 * s.v + 0.1 * g * g;
      return p - (0.01 * g) / Math.sqrt(s.v + 1e-7);
    });
    expectSteps(run((ps) => nb.optim.rmsprop({ learningRate: 0.01 }, ps)), plain);
    const centred = byHand(() => ({ v: 0, m: 0, mo: 0 }), (p, g, s) => {
      s.v = 0.9 * s.v + 0.1 * g * g;
      s.m = 0.9 * s.m + 0.1 * g;
      s.mo = 0.5 * s.mo + (0.01 * g) / Math.sqrt(s.v - s.m * s.m + 1e-7);
      return p - s.mo;
    });
    expectSteps(run((ps) => nb.optim.rmsprop({ learningRate: 0.01, centered: true, momentum: 0.5 }, ps)), centred);
  });

  it('Adam: bias-corrected moments (the paper\'s Algorithm 1 up to where ε sits)', () => {
    const [b1, b2, eps, lr] = [0.9, 0.999, 1e-7, 0.1];
    const hand = byHand(() => ({ m: 0, v: 0 }), (p, g, s, t) => {
      s.m = b1 * s.m + (1 - b1) * g;
      s.v = b2 * s.v + (1 - b2) * g * g;
      const mHat = s.m / (1 - b1 ** t);
      const vHat = s.v / (1 - b2 ** t);
      // Keras keeps ε outside the bias correction of v: ε̂ = ε / √(1 − β₂ᵗ) in the paper's form.
      return p - (lr * mHat) / (Math.sqrt(vHat) + eps / Math.sqrt(1 - b2 ** t));
    });
    expectSteps(run((ps) => nb.optim.adam({ learningRate: lr }, ps)), hand);
    // The first Adam step moves each weight by about ηsign(g).
    expect(run((ps) => nb.optim.adam({ learningRate: lr }, ps))[0]![0]).toBeCloseTo(1 - 0.1, 5);
  });

  it('AdamW: decays the weights by ηλθ before the Adam step', () => {
    const [b1, b2, eps, lr, wd] = [0.9, 0.999, 1e-7, 0.1, 0.5];
    const hand = byHand(() => ({ m: 0, v: 0 }), (p, g, s, t) => {
      p = p - lr * wd * p;
      s.m = b1 * s.m + (1 - b1) * g;
      s.v = b2 * s.v + (1 - b2) * g * g;
      const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      return p - (alpha * s.m) / (Math.sqrt(s.v) + eps);
    });
    expectSteps(run((ps) => nb.optim.adamw({ learningRate: lr, weightDecay: wd }, ps)), hand);
    expect(new nb.optim.AdamW().weightDecay).toBe(0.004);
  });

  it('AMSGrad keeps the running maximum of v', () => {
    const p = nb.tensor([0], { dtype: 'float64', requiresGrad: true });
    const o = nb.optim.adam({ learningRate: 0.1, amsgrad: true }, [p]);
    p.grad = nb.tensor([10], { dtype: 'float64' });
    o.step();
    p.grad = nb.tensor([0.1], { dtype: 'float64' });
    o.step();
    const s = o.slotsOf(p);
    expect(s.vMax![0]).toBeGreaterThan(s.v![0]!);
  });
});

describe('optimizer mechanics', () => {
  it('works in a hand-written loop: zeroGrad, backward, step', () => {
    nb.seed(0);
    const w = nb.randn([3, 1], { requiresGrad: true });
    const x = nb.randn([32, 3]);
    const y = x.matmul(nb.tensor([[1], [-2], [0.5]]));
    const opt = nb.optim.adam({ learningRate: 0.05 }, [w]);
    let first = 0;
    let last = 0;
    for (let i = 0; i < 300; i++) {
      opt.zeroGrad();
      const loss = nb.losses.meanSquaredError(y, x.matmul(w));
      loss.backward();
      opt.step();
      if (i === 0) first = loss.item();
      last = loss.item();
    }
    expect(last).toBeLessThan(first * 1e-3);
    expect(opt.iterations).toBe(300);
  });

  it('validates hyperparameters when made, quoting the bad value', () => {
    expect(() => nb.optim.adam({ learningRate: -1 })).toThrow('Adam: learningRate must be a positive number, got -1');
    expect(() => nb.optim.sgd({ momentum: 1.5 })).toThrow(/SGD: momentum must be a number in \[0, 1\), got 1.5/);
    expect(() => nb.optim.rmsprop({ rho: -0.1 })).toThrow(/RMSprop: rho must be a number in \[0, 1\), got -0.1/);
    expect(() => nb.optim.adam({ beta1: Number.NaN })).toThrow(/Adam: beta1 must be a number in \[0, 1\), got NaN/);
    expect(() => nb.optim.adam({ lr: 0.1 } as never)).toThrow(/Adam: unknown option "lr"; valid options are learningRate/);
    expect(() => nb.optim.sgd({}, [nb.ones([2], { requiresGrad: true }).add(1)])).toThrow(/cannot optimize a tensor computed from others/);
    expect(() => nb.optim.adam().step()).toThrow(/no parameters to update/);
  });

  it('skips parameters without gradients or not requiring them (frozen)', () => {
    const a = nb.tensor([1], { requiresGrad: true });
    const b = nb.tensor([1], { requiresGrad: true });
    const o = nb.optim.sgd({ learningRate: 1 }, [a, b]);
    a.grad = nb.tensor([1]);
    b.grad = nb.tensor([1]);
    b.requiresGrad = false;
    o.step();
    expect(a.item()).toBe(0);
    expect(b.item()).toBe(1);
  });

  it('clips by value, per-tensor norm and global norm without changing the gradients it read', () => {
    const step = (opts: nb.optim.OptimizerOptions) => {
      const p = nb.tensor([0, 0], { dtype: 'float64', requiresGrad: true });
      const q = nb.tensor([0], { dtype: 'float64', requiresGrad: true });
      const o = nb.optim.sgd({ learningRate: 1, ...opts }, [p, q]);
      p.grad = nb.tensor([3, 4], { dtype: 'float64' });
      q.grad = nb.tensor([12], { dtype: 'float64' });
      o.step();
      expect(Array.from(p.grad.data())).toEqual([3, 4]);
      return [...Array.from(p.data()), ...Array.from(q.data())];
    };
    expect(step({ clipValue: 1 })).toEqual([-1, -1, -1]);
    step({ clipNorm: 1 }).forEach((v, i) => expect(v).toBeCloseTo([-0.6, -0.8, -1][i]!, 12));
    step({ globalClipNorm: 1 }).forEach((v, i) => expect(v).toBeCloseTo([-3 / 13, -4 / 13, -12 / 13][i]!, 12));
    const p = nb.tensor([0, 0], { requiresGrad: true });
    p.grad = nb.tensor([3, 4]);
    expect(nb.optim.clipGradNorm([p], 1)).toBeCloseTo(5, 5);
    Array.from(p.grad.data()).forEach((v, i) => expect(v).toBeCloseTo([0.6, 0.8][i]!, 6));
    nb.optim.clipGradValue([p], 0.7);
    expect(Array.from(p.grad.data())[1]).toBeCloseTo(0.7, 6);
  });

  it('state round-trips through stateDict so a copy continues identically', () => {
    const make = () => nb.tensor([0.5, -1.5, 2], { requiresGrad: true });
    const a = make();
    const o1 = nb.optim.adam({ learningRate: 0.1 }, [a]);
    for (let i = 0; i < 3; i++) {
      a.grad = a.mul(2).detach();
      o1.step();
    }
    const b = nb.tensor(Array.from(a.data()), { requiresGrad: true });
    const o2 = nb.optim.adam({ learningRate: 0.1 }, [b]);
    o2.loadStateDict(o1.stateDict(['w']), ['w']);
    expect(o2.iterations).toBe(3);
    a.grad = a.mul(2).detach();
    b.grad = b.mul(2).detach();
    o1.step();
    o2.step();
    expect(Array.from(b.data())).toEqual(Array.from(a.data()));
    expect(() => o2.loadStateDict({ ...o1.stateDict(['w']), className: 'SGD' }, ['w'])).toThrow(/the state is from SGD, not Adam/);
    expect(() => o2.loadStateDict(o1.stateDict(['zz']), ['w'])).toThrow(/unexpected: zz\.m, zz\.v/);
  });

  it('getOptimizer builds from names and saved configs', () => {
    expect(nb.optim.getOptimizer('adam')).toBeInstanceOf(nb.optim.Adam);
    const o = nb.optim.rmsprop({ learningRate: 0.02, momentum: 0.3 });
    const back = nb.optim.getOptimizer(JSON.parse(JSON.stringify(nb.optim.serializeOptimizer(o)))) as nb.optim.RMSprop;
    expect(back.getConfig()).toEqual(o.getConfig());
    expect(() => nb.optim.getOptimizer('adamm')).toThrow(/unknown optimizer "adamm"/);
  });
});

describe('learning-rate schedules', () => {
  it('exponential, step, piecewise, cosine and warm-up follow their formulas', () => {
    const e = nb.optim.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(e.at(0)).toBe(0.1);
    expect(e.at(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    expect(nb.optim.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true }).at(15)).toBeCloseTo(0.05, 12);
    const s = nb.optim.stepDecay({ initialLearningRate: 1, stepSize: 3, gamma: 0.1 });
    expect([0, 2, 3, 6].map((t) => s.at(t))).toEqual([1, 1, 0.1, 0.1 * 0.1]);
    const pw = nb.optim.piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect([0, 10, 11, 25].map((t) => pw.at(t))).toEqual([1, 1, 0.5, 0.1]);
    const c = nb.optim.cosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    expect(c.at(0)).toBeCloseTo(1, 12);
    expect(c.at(50)).toBeCloseTo(0.55, 12);
    expect(c.at(100)).toBeCloseTo(0.1, 12);
    expect(c.at(1000)).toBeCloseTo(0.1, 12);
    const w = nb.optim.linearWarmup({ warmupSteps: 10, after: c });
    expect(w.at(0)).toBe(0);
    expect(w.at(5)).toBeCloseTo(0.5, 12);
    expect(w.at(10)).toBeCloseTo(1, 12);
    const cw = nb.optim.cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
    expect(cw.at(2)).toBeCloseTo(0.5, 12);
    expect(cw.at(4)).toBeCloseTo(1, 12);
  });

  it('an optimizer follows its schedule step by step and refuses a manual rate', () => {
    const p = nb.tensor([0], { dtype: 'float64', requiresGrad: true });
    const o = nb.optim.sgd({ learningRate: nb.optim.stepDecay({ initialLearningRate: 1, stepSize: 1, gamma: 0.5 }) }, [p]);
    for (let i = 0; i < 3; i++) {
      p.grad = nb.tensor([1], { dtype: 'float64' });
      o.step();
    }
    expect(p.item()).toBeCloseTo(-(1 + 0.5 + 0.25), 12);
    expect(o.learningRate).toBeCloseTo(0.125, 12);
    expect(() => (o.learningRate = 0.1)).toThrow(/follows a StepDecay schedule/);
    const restored = nb.optim.getOptimizer(JSON.parse(JSON.stringify(nb.optim.serializeOptimizer(o))));
    expect(restored.learningRateSchedule!.className).toBe('StepDecay');
  });
});
