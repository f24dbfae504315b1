/**
 * Limited-memory BFGS on float64 vectors, for the smooth convex losses of the estimators
 * (logistic regression). Two-loop recursion with a backtracking (Armijo) line search.
 */

export interface LbfgsResult {
  w: Float64Array;
  loss: number;
  nIter: number;
  converged: boolean;
}

/**
 * Minimises `fg` (which returns the loss and writes the gradient into `g`) from `w0`; stops when
 * every gradient component is below `tol` or after `maxIter` iterations.
 */
export function lbfgs(
  fg: (w: Float64Array, g: Float64Array) => number,
  w0: Float64Array,
  options: { maxIter: number; tol: number; memory?: number },
): LbfgsResult {
  const n = w0.length;
  const mem = options.memory ?? 10;
  let w = Float64Array.from(w0);
  let g = new Float64Array(n);
  let loss = fg(w, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const alpha = new Float64Array(mem);
  const gNext = new Float64Array(n);
  const wNext = new Float64Array(n);
  const maxAbs = (v: Float64Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  for (let it = 0; it < options.maxIter; it++) {
    if (maxAbs(g) < options.tol) return { w, loss, nIter: it, converged: true };
    // d = −H·g by the two-loop recursion.
    d.set(g);
    for (let k = S.length - 1; k >= 0; k--) {
      let a = 0;
      for (let i = 0; i < n; i++) a += S[k]![i]! * d[i]!;
      a *= rho[k]!;
      alpha[k] = a;
      for (let i = 0; i < n; i++) d[i]! -= a * Y[k]![i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += S[last]![i]! * Y[last]![i]!;
        yy += Y[last]![i]! * Y[last]![i]!;
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    } else {
      // First step: a unit-length move along −g.
      const gn = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
      for (let i = 0; i < n; i++) d[i]! /= Math.max(gn, 1);
    }
    for (let k = 0; k < S.length; k++) {
      let b = 0;
      for (let i = 0; i < n; i++) b += Y[k]![i]! * d[i]!;
      b *= rho[k]!;
      for (let i = 0; i < n; i++) d[i]! += S[k]![i]! * (alpha[k]! - b);
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * d[i]!;
    if (!(slope > 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      d.set(g);
      slope = g.reduce((s, x) => s + x * x, 0);
    }
    let step = 1;
    let next = Infinity;
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < n; i++) wNext[i] = w[i]! - step * d[i]!;
      next = fg(wNext, gNext);
      if (next <= loss - 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(next < loss) && !(next <= loss)) return { w, loss, nIter: it, converged: false };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = wNext[i]! - w[i]!;
      y[i] = gNext[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    if (sy > 1e-12) {
      if (S.length === mem) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const improvement = loss - next;
    w = Float64Array.from(wNext);
    g = Float64Array.from(gNext);
    loss = next;
    if (improvement <= 1e-15 * Math.max(Math.abs(loss), 1)) return { w, loss, nIter: it + 1, converged: maxAbs(g) < options.tol * 10 };
  }
  return { w, loss, nIter: options.maxIter, converged: maxAbs(g) < options.tol };
}
