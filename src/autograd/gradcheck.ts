/**
 * Gradient checking: analytic gradients against central differences, in float64.
 *
 * The output is projected onto a fixed random direction w (L = Σ w·f(x)), so one backward pass
 * checks the VJP with a non-trivial cotangent; every float input element is then perturbed by ±eps.
 */
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { cast, withGradMode } from '../primitives/index.js';
import { runBackward } from './engine.js';
import { traced } from './functional.js';
import { checkNumber, checkOptions } from '../check.js';

export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Largest accepted error, |analytic − numeric| / max(1, |analytic|, |numeric|). Default 1e-6. */
  tol?: number;
  /** Seed of the random projection of the output. Default 0. */
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest error over all checked elements (the measure `tol` bounds). */
  maxError: number;
  /** Where it occurred: input index and flat element index. */
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
  /** Number of elements checked. */
  checked: number;
}

/**
 * Checks the gradients of `fn` at `inputs`. Float inputs are copied to float64 and each is
 * differentiated; other inputs are passed through unchanged.
 * @example nb.gradcheck((a, b) => a.mul(b).sin(), [nb.randn([3, 1]), nb.randn([4])]).ok // true
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  checkOptions('gradcheck', options, ['eps', 'tol', 'seed']);
  const eps = checkNumber('gradcheck', 'eps', options.eps ?? 1e-6, { min: 0, minExclusive: true });
  const tol = options.tol ?? 1e-6;
  const xs = inputs.map((t) => (isFloat(t.dtype) ? withGradMode(false, () => cast(t, 'float64')).detach() : t));
  const diff = xs.map((t, i) => isFloat(inputs[i]!.dtype) && t.size > 0);

  const evalL = (w: Tensor | null, args: Tensor[]): { y: Tensor; l: number } => {
    const y = fn(...args);
    if (!w) return { y, l: 0 };
    const yd = y.data();
    const wd = w.data();
    let l = 0;
    for (let i = 0; i < yd.length; i++) l += wd[i]! * yd[i]!;
    return { y, l };
  };

  // Analytic: one backward pass with cotangent w.
  const leaves = xs.map((t, i) => (diff[i] ? t.detach().requiresGrad_() : t));
  const y = traced(() => fn(...leaves));
  const gen = new Generator(options.seed ?? 0);
  const wData = new Float64Array(y.size);
  for (let i = 0; i < wData.length; i++) wData[i] = gen.uniform(-1, 1);
  const w = new Tensor(y.dtype === 'float64' ? wData : Float32Array.from(wData), y.shape, y.dtype);
  const targets = leaves.filter((_, i) => diff[i]);
  const analytic = y.requiresGrad
    ? runBackward({ roots: [y], rootGrads: [w], inputs: targets, createGraph: false, retainGraph: false })
    : targets.map(() => null);

  let maxError = 0;
  let worst: GradcheckResult['worst'] = null;
  let checked = 0;
  let t = 0;
  withGradMode(false, () => {
    xs.forEach((x, i) => {
      if (!diff[i]) return;
      const a = analytic[t++];
      const ad = a ? a.data() : null;
      const xd = x.data();
      for (let j = 0; j < xd.length; j++) {
        const orig = xd[j]!;
        xd[j] = orig + eps;
        const lp = evalL(w, xs).l;
        xd[j] = orig - eps;
        const lm = evalL(w, xs).l;
        xd[j] = orig;
        const numeric = (lp - lm) / (2 * eps);
        const an = ad ? ad[j]! : 0;
        const err = Math.abs(an - numeric) / Math.max(1, Math.abs(an), Math.abs(numeric));
        checked++;
        if (!(err <= maxError)) {
          maxError = Number.isNaN(err) ? Infinity : err;
          worst = { input: i, index: j, analytic: an, numeric };
        }
      }
    });
  });
  return { ok: maxError < tol, maxError, worst, checked };
}
