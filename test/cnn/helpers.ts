/** Shared helpers of the CNN tests: a float64 gradient check of a layer over its input and every weight. */
import * as nb from 'nabla';

export interface LayerCheck {
  ok: boolean;
  maxError: number;
  /** Where the worst error was: 'input' or the weight's name, and the element. */
  worst: string;
  checked: number;
}

/**
 * Compares the gradients of L = Σ w·layer(x) (w a fixed random projection) with respect to x and
 * to each of the layer's trainable weights against central differences. The layer must have been
 * made with dtype 'float64'.
 */
export function layerGradcheck(layer: nb.Layer, x: nb.Tensor, options: { eps?: number; tol?: number; training?: boolean } = {}): LayerCheck {
  const eps = options.eps ?? 1e-6;
  const tol = options.tol ?? 1e-6;
  const training = options.training ?? false;
  const xs = x.detach().requiresGrad_();
  const gen = new nb.Generator(7);
  const y0 = nb.noGrad(() => layer.call(xs, { training }));
  const w = nb.randn(y0.shape, { dtype: 'float64', generator: gen });
  const weights = layer.trainableWeights;
  for (const v of weights) v.grad = null;
  layer.call(xs, { training }).mul(w).sum().backward();
  const lossAt = () => nb.noGrad(() => layer.call(xs, { training }).mul(w).sum().item());
  const targets: [string, nb.Tensor, nb.Tensor | null][] = [['input', xs, xs.grad], ...weights.map((v): [string, nb.Tensor, nb.Tensor | null] => [v.name, v, v.grad])];
  let maxError = 0;
  let worst = '';
  let checked = 0;
  for (const [name, t, g] of targets) {
    if (!g) return { ok: false, maxError: Infinity, worst: `${name} got no gradient`, checked };
    const d = t.data();
    const gd = g.data();
    for (let i = 0; i < d.length; i++) {
      const save = d[i]!;
      d[i] = save + eps;
      const lp = lossAt();
      d[i] = save - eps;
      const lm = lossAt();
      d[i] = save;
      const numeric = (lp - lm) / (2 * eps);
      const analytic = gd[i]!;
      const err = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic), Math.abs(numeric));
      checked++;
      if (err > maxError) {
        maxError = err;
        worst = `${name}[${i}]: analytic ${analytic}, numeric ${numeric}`;
      }
    }
  }
  return { ok: maxError <= tol, maxError, worst, checked };
}

/** A seeded float64 input. */
export function input64(shape: number[], seed = 1): nb.Tensor {
  return nb.randn(shape, { dtype: 'float64', generator: new nb.Generator(seed) });
}
