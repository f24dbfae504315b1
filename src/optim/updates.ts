/**
 * The update rules as plain functions on typed arrays, in place. Optimizer classes own the state
 * and call these, so a fused or SIMD version can replace any of them without touching the classes.
 * Formulas follow Keras's implementations (which the notes' optimizer table describes); each
 * function's comment gives its rule, with g the gradient and η the learning rate.
 */

export type FloatArray = Float32Array | Float64Array;

/** θ ← θ − η·g */
export function sgdUpdate(p: FloatArray, g: ArrayLike<number>, lr: number): void {
  for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
}

/**
 * Momentum: v ← μ·v − η·g, θ ← θ + v (the notes' u_t = γu_{t−1} + αg, w ← w − u_t with v = −u).
 * Nesterov: θ ← θ + μ·v − η·g, the look-ahead form of NAG (Sutskever et al. 2013).
 */
export function momentumUpdate(p: FloatArray, g: ArrayLike<number>, v: FloatArray, lr: number, momentum: number, nesterov: boolean): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const vi = momentum * v[i]! - lr * gi;
    v[i] = vi;
    p[i] = p[i]! + (nesterov ? momentum * vi - lr * gi : vi);
  }
}

/** Adagrad: G ← G + g², θ ← θ − η·g / √(G + ε). */
export function adagradUpdate(p: FloatArray, g: ArrayLike<number>, acc: FloatArray, lr: number, epsilon: number): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const a = acc[i]! + gi * gi;
    acc[i] = a;
    p[i] = p[i]! - (lr * gi) / Math.sqrt(a + epsilon);
  }
}

/**
 * Adadelta: E[g²] ← ρE[g²] + (1−ρ)g², Δ = −g·√(E[Δ²] + ε) / √(E[g²] + ε),
 * E[Δ²] ← ρE[Δ²] + (1−ρ)Δ², θ ← θ + η·Δ.
 */
export function adadeltaUpdate(
  p: FloatArray,
  g: ArrayLike<number>,
  accGrad: FloatArray,
  accDelta: FloatArray,
  lr: number,
  rho: number,
  epsilon: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const ag = rho * accGrad[i]! + (1 - rho) * gi * gi;
    accGrad[i] = ag;
    const delta = (-gi * Math.sqrt(accDelta[i]! + epsilon)) / Math.sqrt(ag + epsilon);
    accDelta[i] = rho * accDelta[i]! + (1 - rho) * delta * delta;
    p[i] = p[i]! + lr * delta;
  }
}

/**
 * RMSprop: E[g²] ← ρE[g²] + (1−ρ)g²; centred: also ḡ ← ρḡ + (1−ρ)g and the denominator uses
 * E[g²] − ḡ². Step s = η·g / √(denominator + ε); with momentum μ: m ← μm + s, θ ← θ − m; else θ ← θ − s.
 */
export function rmspropUpdate(
  p: FloatArray,
  g: ArrayLike<number>,
  v: FloatArray,
  lr: number,
  rho: number,
  epsilon: number,
  mom: FloatArray | null,
  momentum: number,
  meanGrad: FloatArray | null,
): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const vi = rho * v[i]! + (1 - rho) * gi * gi;
    v[i] = vi;
    let denom = vi;
    if (meanGrad) {
      const mg = rho * meanGrad[i]! + (1 - rho) * gi;
      meanGrad[i] = mg;
      denom = vi - mg * mg;
    }
    const step = (lr * gi) / Math.sqrt(denom + epsilon);
    if (mom) {
      const mi = momentum * mom[i]! + step;
      mom[i] = mi;
      p[i] = p[i]! - mi;
    } else p[i] = p[i]! - step;
  }
}

/**
 * Adam (Kingma & Ba, Algorithm 1 in its efficient form): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * α = η·√(1−β₂ᵗ)/(1−β₁ᵗ), θ ← θ − α·m / (√v + ε). With AMSGrad, v̂ ← max(v̂, v) replaces v in the
 * denominator. `t` counts steps from 1.
 */
export function adamUpdate(
  p: FloatArray,
  g: ArrayLike<number>,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray | null,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  t: number,
): void {
  const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = m[i]! + (gi - m[i]!) * (1 - beta1);
    const vi = v[i]! + (gi * gi - v[i]!) * (1 - beta2);
    m[i] = mi;
    v[i] = vi;
    let denom = vi;
    if (vMax) {
      denom = Math.max(vMax[i]!, vi);
      vMax[i] = denom;
    }
    p[i] = p[i]! - (alpha * mi) / (Math.sqrt(denom) + epsilon);
  }
}

/** Decoupled weight decay (AdamW, Keras's `weightDecay`): θ ← θ − η·λ·θ, applied before the update. */
export function weightDecayUpdate(p: FloatArray, lr: number, weightDecay: number): void {
  const f = 1 - lr * weightDecay;
  for (let i = 0; i < p.length; i++) p[i] = p[i]! * f;
}
