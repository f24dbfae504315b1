/**
 * Synthetic data sets, generated with the seeded generator (never stored): the classic 2-D
 * classification toys (xor, circles, moons, spiral, Gaussian blobs) and regression data (linear,
 * polynomial). Each takes `{ n, noise, seed }`; without `seed` the global generator (`nb.seed`) is
 * used, so one `nb.seed(n)` fixes the data too.
 */
import { ConfigError } from '../../errors.js';
import { Generator, getGenerator } from '../../random.js';
import { Tensor } from '../../tensor/tensor.js';
import { apportion } from '../split.js';
import { checkInt, checkNumber, checkOptions } from '../../check.js';

export interface SyntheticOptions {
  /** Number of samples. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (or to y, for regression). */
  noise?: number;
  /** Seed of this call's own generator; default: the global generator. */
  seed?: number;
  /** Shuffle the samples so the classes are interleaved (default true; false keeps class blocks in order). */
  shuffle?: boolean;
}

/** Points x (float32 [n, features]) with integer class labels y (int32 [n]). */
export interface LabeledPoints {
  x: Tensor;
  y: Tensor;
}

const BASE = ['n', 'noise', 'seed', 'shuffle'];

function setup(fn: string, options: SyntheticOptions, extra: readonly string[], defaults: { n: number; noise: number }) {
  checkOptions(fn, options, [...BASE, ...extra]);
  const n = checkInt(fn, 'n', options.n ?? defaults.n, { min: 1 });
  const noise = checkNumber(fn, 'noise', options.noise ?? defaults.noise, { min: 0 });
  const gen = options.seed === undefined ? getGenerator() : new Generator(checkNumber(fn, 'seed', options.seed));
  return { n, noise, gen, shuffle: options.shuffle ?? true };
}

/** Builds the tensors from per-sample coordinates and labels, shuffling the order if asked. */
function finish(points: number[][], labels: number[], gen: Generator, shuffle: boolean): LabeledPoints {
  const n = labels.length;
  const d = points[0]?.length ?? 0;
  const order = shuffle ? gen.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    x.set(points[i]!, k * d);
    y[k] = labels[i]!;
  }
  return { x: new Tensor(x, [n, d], 'float32'), y: new Tensor(y, [n], 'int32') };
}

/**
 * XOR: points around the four corners of the unit square, labelled a XOR b. With `n: 4, noise: 0,
 * shuffle: false` it is the truth table (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.
 * @example const { x, y } = nb.datasets.xor({ n: 200, noise: 0.1, seed: 0 });
 */
export function xor(options: SyntheticOptions = {}): LabeledPoints {
  const { n, noise, gen, shuffle } = setup('datasets.xor', options, [], { n: 200, noise: 0.1 });
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (i >> 1) & 1;
    const b = i & 1;
    points.push([a + noise * gen.normal(), b + noise * gen.normal()]);
    labels.push(a ^ b);
  }
  return finish(points, labels, gen, shuffle);
}

/**
 * Two concentric circles (scikit-learn's make_circles): the outer one (radius 1) is class 0, the
 * inner one (radius `factor`) class 1. @example nb.datasets.circles({ n: 300, noise: 0.05, factor: 0.5 })
 */
export function circles(options: SyntheticOptions & { factor?: number } = {}): LabeledPoints {
  const fn = 'datasets.circles';
  const { n, noise, gen, shuffle } = setup(fn, options, ['factor'], { n: 200, noise: 0.05 });
  const factor = checkNumber(fn, 'factor', options.factor ?? 0.5, { min: 0 });
  if (factor >= 1) throw new ConfigError(`${fn}: factor must be in [0, 1), got ${factor}`);
  const nOuter = Math.floor(n / 2);
  const points: number[][] = [];
  const labels: number[] = [];
  const ring = (count: number, radius: number, label: number) => {
    for (let i = 0; i < count; i++) {
      const t = (2 * Math.PI * i) / count;
      points.push([radius * Math.cos(t) + noise * gen.normal(), radius * Math.sin(t) + noise * gen.normal()]);
      labels.push(label);
    }
  };
  ring(nOuter, 1, 0);
  ring(n - nOuter, factor, 1);
  return finish(points, labels, gen, shuffle);
}

/** Two interleaving half circles (scikit-learn's make_moons). @example nb.datasets.moons({ n: 200, noise: 0.1 }) */
export function moons(options: SyntheticOptions = {}): LabeledPoints {
  const { n, noise, gen, shuffle } = setup('datasets.moons', options, [], { n: 200, noise: 0.1 });
  const nOuter = Math.floor(n / 2);
  const nInner = n - nOuter;
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < nOuter; i++) {
    const t = nOuter > 1 ? (Math.PI * i) / (nOuter - 1) : 0;
    points.push([Math.cos(t) + noise * gen.normal(), Math.sin(t) + noise * gen.normal()]);
    labels.push(0);
  }
  for (let i = 0; i < nInner; i++) {
    const t = nInner > 1 ? (Math.PI * i) / (nInner - 1) : 0;
    points.push([1 - Math.cos(t) + noise * gen.normal(), 0.5 - Math.sin(t) + noise * gen.normal()]);
    labels.push(1);
  }
  return finish(points, labels, gen, shuffle);
}

/**
 * Interleaved spiral arms, one per class (the TensorFlow Playground's spiral has 2): arm c starts at
 * angle 2πc/classes and winds `turns` times outward to radius 1.
 * @example nb.datasets.spiral({ n: 300, classes: 3, noise: 0.05 })
 */
export function spiral(options: SyntheticOptions & { classes?: number; turns?: number } = {}): LabeledPoints {
  const fn = 'datasets.spiral';
  const { n, noise, gen, shuffle } = setup(fn, options, ['classes', 'turns'], { n: 200, noise: 0.05 });
  const k = checkInt(fn, 'classes', options.classes ?? 2, { min: 2 });
  const turns = checkNumber(fn, 'turns', options.turns ?? 1, { min: 0 });
  const sizes = apportion(n, new Array<number>(k).fill(1));
  const points: number[][] = [];
  const labels: number[] = [];
  sizes.forEach((m, c) => {
    for (let i = 0; i < m; i++) {
      const r = (i + 1) / m;
      const t = (2 * Math.PI * c) / k + 2 * Math.PI * turns * r;
      points.push([r * Math.cos(t) + noise * gen.normal(), r * Math.sin(t) + noise * gen.normal()]);
      labels.push(c);
    }
  });
  return finish(points, labels, gen, shuffle);
}

export interface BlobsOptions extends SyntheticOptions {
  /** Number of clusters (centres drawn uniformly in `centerBox`), or the centres themselves. Default 3. */
  centers?: number | readonly (readonly number[])[];
  /** Dimensions of each point when centres are drawn. Default 2. */
  features?: number;
  /** Box the drawn centres lie in. Default [-10, 10]. */
  centerBox?: readonly [number, number];
}

/**
 * Isotropic Gaussian blobs (scikit-learn's make_blobs): `noise` is each cluster's standard deviation
 * (default 1). Returns the centres too. @example nb.datasets.blobs({ n: 300, centers: 4, seed: 1 })
 */
export function blobs(options: BlobsOptions = {}): LabeledPoints & { centers: Tensor } {
  const fn = 'datasets.blobs';
  const { n, noise, gen, shuffle } = setup(fn, options, ['centers', 'features', 'centerBox'], { n: 200, noise: 1 });
  let centers: number[][];
  const c = options.centers ?? 3;
  if (typeof c === 'number') {
    checkInt(fn, 'centers', c, { min: 1 });
    const d = checkInt(fn, 'features', options.features ?? 2, { min: 1 });
    const [lo, hi] = options.centerBox ?? [-10, 10];
    if (!(hi > lo)) throw new ConfigError(`${fn}: centerBox must be [low, high] with low < high, got [${lo}, ${hi}]`);
    centers = Array.from({ length: c }, () => Array.from({ length: d }, () => gen.uniform(lo, hi)));
  } else {
    if (!Array.isArray(c) || c.length === 0) throw new ConfigError(`${fn}: centers must be a count or a non-empty array of points`);
    const d = c[0]!.length;
    c.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== d || p.some((v) => !Number.isFinite(v))) {
        throw new ConfigError(`${fn}: centers[${i}] must be ${d} finite numbers like centers[0], got ${JSON.stringify(p)}`);
      }
    });
    centers = c.map((p) => p.slice());
  }
  const sizes = apportion(n, centers.map(() => 1));
  const points: number[][] = [];
  const labels: number[] = [];
  sizes.forEach((m, k) => {
    for (let i = 0; i < m; i++) {
      points.push(centers[k]!.map((v) => v + noise * gen.normal()));
      labels.push(k);
    }
  });
  const d = centers[0]!.length;
  return { ...finish(points, labels, gen, shuffle), centers: new Tensor(Float32Array.from(centers.flat()), [centers.length, d], 'float32') };
}
