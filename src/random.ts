/**
 * The seeded random generator every random draw in nabla goes through: initialisation,
 * shuffling, dropout, augmentation, sampling. `seed(n)` resets the global generator, so one
 * number fixes a whole run.
 *
 * The core is xoshiro128** (32-bit state words, fast in JavaScript), seeded through splitmix32.
 */
import { ConfigError } from './errors.js';

export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Resets the state from an integer seed. */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) throw new ConfigError(`seed: expected a finite number, got ${seed}`);
    // splitmix32 expands one number into four well-mixed state words.
    let x = (Math.floor(seed) ^ Math.floor(seed / 4294967296)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [low, high). */
  randint(low: number, high: number): number {
    if (!(high > low)) throw new ConfigError(`randint: high (${high}) must be greater than low (${low})`);
    return low + Math.floor(this.random() * (high - low));
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[] | Int32Array | Float32Array | Float64Array | Uint32Array): typeof items {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t as never;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    this.shuffle(p);
    return p;
  }

  /** Draws `k` items from `items`, without replacement unless `replace` is true. */
  choice<T>(items: readonly T[], k: number, replace = false): T[] {
    if (!replace && k > items.length) {
      throw new ConfigError(`choice: cannot draw ${k} items without replacement from ${items.length}`);
    }
    if (replace) return Array.from({ length: k }, () => items[Math.floor(this.random() * items.length)]!);
    const idx = this.permutation(items.length);
    return Array.from({ length: k }, (_, i) => items[idx[i]!]!);
  }

  /** Snapshot of the state, for checkpoints that must resume the same random stream. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spareNormal ?? Number.NaN];
  }

  /** Restores a snapshot taken with `getState()`. */
  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new ConfigError(`Generator.setState: expected 5 numbers, got ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
    this.spareNormal = Number.isNaN(state[4]!) ? null : state[4]!;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let globalGenerator = new Generator(0);

/** Seeds the global generator: every later random draw that is not given its own generator follows from `n`. */
export function seed(n: number): void {
  globalGenerator.seed(n);
}

/** The global generator (used when an op is not handed one). */
export function getGenerator(): Generator {
  return globalGenerator;
}

/** A generator of its own for an explicit seed, else the global one (the rule every `seed` option follows). */
export function generatorFor(seed?: number): Generator {
  return seed === undefined ? globalGenerator : new Generator(seed);
}

/** Replaces the global generator (e.g. to restore a checkpointed stream). */
export function setGenerator(g: Generator): void {
  globalGenerator = g;
}
