/**
 * The op table the generated op tests run from (PyTorch's OpInfo habit): for each differentiable
 * op, how to call it, which inputs to try (awkward shapes, broadcasting on each side, reductions
 * over each axis and several axes, with and without keepDims) and which inputs to avoid
 * (non-differentiable points, which are tested separately for PyTorch's conventions).
 *
 * Inputs are float64. A sample's `args` are drawn fresh from a seeded generator per test.
 */
import * as nb from 'nabla';

type T = nb.Tensor;

/** How to draw the values of one input. */
export interface Domain {
  low: number;
  high: number;
  /** Keep |x| ≥ this (away from kinks at 0, e.g. relu, abs). */
  awayFromZero?: number;
}

export interface Sample {
  /** Shown in the test name. */
  label: string;
  shapes: number[][];
  /** One domain per input (or one for all). */
  domain?: Domain | Domain[];
  /** Extra non-tensor arguments passed to `fn` after the tensors. */
  extra?: unknown[];
}

export interface OpInfo {
  name: string;
  /** Calls the op: tensors first, then the sample's extra arguments. */
  fn: (xs: T[], extra: unknown[]) => T;
  samples: Sample[];
  /** Rejects a drawn input that sits too close to a non-differentiable point (redrawn). */
  valid?: (xs: T[], extra: unknown[]) => boolean;
}

const ANY: Domain = { low: -2, high: 2 };
const POS: Domain = { low: 0.5, high: 2 };
const AWAY: Domain = { low: -2, high: 2, awayFromZero: 0.2 };

/** Draws a float64 tensor of `shape` from `d`. */
export function draw(gen: nb.Generator, shape: number[], d: Domain = ANY): T {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = gen.uniform(d.low, d.high);
    while (d.awayFromZero !== undefined && Math.abs(v) < d.awayFromZero) v = gen.uniform(d.low, d.high);
    data[i] = v;
  }
  return nb.tensor(data, { shape });
}

/** Draws a sample's inputs, redrawing (up to 100 times) until `valid` accepts them. */
export function drawSample(op: OpInfo, s: Sample, seed: number): T[] {
  const gen = new nb.Generator(seed);
  for (let attempt = 0; attempt < 100; attempt++) {
    const xs = s.shapes.map((shape, i) => draw(gen, shape, Array.isArray(s.domain) ? s.domain[i] : s.domain));
    if (!op.valid || op.valid(xs, s.extra ?? [])) return xs;
  }
  throw new Error(`op-db: could not draw a valid sample for ${op.name} ${s.label}`);
}

// ------------------------------------------------------------------ sample builders

const UNARY_SHAPES = [[], [5], [3, 1], [2, 3, 5]];
const unarySamples = (domain: Domain = ANY): Sample[] => UNARY_SHAPES.map((s) => ({ label: `[${s}]`, shapes: [s], domain }));

/** Broadcasting on each side, both sides at once, scalars, and equal shapes. */
const BINARY_SHAPES: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[3, 1], [4]],
  [[4], [3, 1]],
  [[2, 3, 5], [5]],
  [[5], [2, 3, 5]],
  [[2, 1, 5], [3, 1]],
  [[], [2, 3]],
  [[2, 3], []],
];
const binarySamples = (domain: Domain | Domain[] = ANY): Sample[] =>
  BINARY_SHAPES.map(([a, b]) => ({ label: `[${a}] with [${b}]`, shapes: [a, b], domain }));

/** Every single axis (positive and negative), several axes, all axes; each with and without keepDims. */
const REDUCE_AXES: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 2], [1, 2], [0, 1, 2]];
const reduceSamples = (domain: Domain = ANY, shape = [2, 3, 4]): Sample[] =>
  REDUCE_AXES.flatMap((axis) =>
    [false, true].map((keepDims) => ({
      label: `[${shape}] axis=${JSON.stringify(axis) ?? 'all'} keepDims=${keepDims}`,
      shapes: [shape],
      domain,
      extra: [axis, keepDims],
    })),
  );

/** Softmax-like ops: every axis of a 3-D input, and a 1-D input. */
const axisSamples = (domain: Domain = ANY): Sample[] => [
  ...[0, 1, 2, -1].map((axis) => ({ label: `[2,3,4] axis=${axis}`, shapes: [[2, 3, 4]], domain, extra: [axis] })),
  { label: '[5] axis=0', shapes: [[5]], domain, extra: [0] },
];

/** Smallest distance between distinct elements of a tensor (for ops whose gradient jumps at ties). */
function minGap(values: ArrayLike<number>): number {
  const v = Array.from(values).sort((a, b) => a - b);
  let g = Infinity;
  for (let i = 1; i < v.length; i++) g = Math.min(g, v[i]! - v[i - 1]!);
  return g;
}

const notNear = (xs: T[], points: number[], gap: number): boolean =>
  xs.every((x) => Array.from(x.data()).every((v) => points.every((p) => Math.abs(v - p) > gap)));

const unary = (name: string, f: (x: T) => T, domain: Domain = ANY): OpInfo => ({
  name,
  fn: ([x]) => f(x!),
  samples: unarySamples(domain),
});

const binary = (name: string, f: (a: T, b: T) => T, domain: Domain | Domain[] = ANY, valid?: OpInfo['valid']): OpInfo => ({
  name,
  fn: ([a, b]) => f(a!, b!),
  samples: binarySamples(domain),
  ...(valid ? { valid } : {}),
});

type ReduceFn = (x: T, axis: number | number[] | undefined, keepDims: boolean) => T;
const reduction = (name: string, f: ReduceFn, domain: Domain = ANY, valid?: OpInfo['valid']): OpInfo => ({
  name,
  fn: ([x], [axis, keepDims]) => f(x!, axis as number | number[] | undefined, keepDims as boolean),
  samples: reduceSamples(domain),
  ...(valid ? { valid } : {}),
});

// ------------------------------------------------------------------ the table

export const OPS: OpInfo[] = [
  // Elementwise, unary.
  unary('neg', (x) => nb.neg(x)),
  unary('abs', (x) => nb.abs(x), AWAY),
  unary('exp', (x) => nb.exp(x)),
  unary('expm1', (x) => nb.expm1(x)),
  unary('log', (x) => nb.log(x), POS),
  unary('log1p', (x) => nb.log1p(x), { low: -0.5, high: 2 }),
  unary('sqrt', (x) => nb.sqrt(x), POS),
  unary('rsqrt', (x) => nb.rsqrt(x), POS),
  unary('square', (x) => nb.square(x)),
  unary('reciprocal', (x) => nb.reciprocal(x), AWAY),
  unary('sin', (x) => nb.sin(x)),
  unary('cos', (x) => nb.cos(x)),
  unary('tanh', (x) => nb.tanh(x)),
  unary('sigmoid', (x) => nb.sigmoid(x)),
  unary('erf', (x) => nb.erf(x)),
  unary('relu', (x) => nb.relu(x), AWAY),
  unary('leakyRelu', (x) => nb.leakyRelu(x, 0.1), AWAY),
  unary('elu', (x) => nb.elu(x, 1.5), AWAY),
  unary('selu', (x) => nb.selu(x), AWAY),
  unary('softplus', (x) => nb.softplus(x)),
  { name: 'softplus (linear region)', fn: ([x]) => nb.softplus(x!), samples: unarySamples({ low: 15, high: 25 }), valid: (xs) => notNear(xs, [20], 0.01) },
  unary('gelu', (x) => nb.gelu(x)),
  unary('gelu tanh', (x) => nb.gelu(x, 'tanh')),
  unary('silu', (x) => nb.silu(x)),
  unary('softsign', (x) => nb.softsign(x), AWAY),
  { name: 'clip', fn: ([x]) => nb.clip(x!, -0.5, 0.7), samples: unarySamples(), valid: (xs) => notNear(xs, [-0.5, 0.7], 0.01) },
  { name: 'clip (min only)', fn: ([x]) => nb.clip(x!, -0.5), samples: unarySamples(), valid: (xs) => notNear(xs, [-0.5], 0.01) },
  unary('pow (scalar exponent)', (x) => nb.pow(x, 3)),
  unary('pow (scalar base)', (x) => nb.pow(2, x)),

  // Elementwise, binary, with broadcasting on each side.
  binary('add', (a, b) => nb.add(a, b)),
  binary('sub', (a, b) => nb.sub(a, b)),
  binary('mul', (a, b) => nb.mul(a, b)),
  binary('div', (a, b) => nb.div(a, b), [ANY, AWAY]),
  binary('pow', (a, b) => nb.pow(a, b), [POS, ANY]),
  binary('atan2', (a, b) => nb.atan2(a, b), AWAY),
  binary('maximum', (a, b) => nb.maximum(a, b), ANY, ([a, b]) => nb.abs(nb.sub(a!, b!)).min().item() > 0.01),
  binary('minimum', (a, b) => nb.minimum(a, b), ANY, ([a, b]) => nb.abs(nb.sub(a!, b!)).min().item() > 0.01),
  binary('mod', (a, b) => nb.mod(a, b), [ANY, AWAY], ([a, b]) => {
    const q = nb.div(a!, b!).data();
    return Array.from(q).every((v) => Math.abs(v - Math.round(v)) > 0.01);
  }),
  {
    name: 'where',
    fn: ([a, b]) => nb.where(nb.greater(nb.broadcastTo(nb.tensor([1, -1, 1]), [2, 3]), 0), a!, b!),
    samples: [
      { label: '[2,3] with [2,3]', shapes: [[2, 3], [2, 3]] },
      { label: '[3] with [2,1]', shapes: [[3], [2, 1]] },
      { label: '[] with [2,3]', shapes: [[], [2, 3]] },
    ],
  },

  // Reductions over each axis and several axes, with and without keepDims.
  reduction('sum', (x, a, k) => nb.sum(x, a, k)),
  reduction('mean', (x, a, k) => nb.mean(x, a, k)),
  reduction('prod', (x, a, k) => nb.prod(x, a, k), { low: 0.5, high: 1.5 }),
  reduction('max', (x, a, k) => nb.max(x, a, k), ANY, ([x]) => minGap(x!.data()) > 1e-3),
  reduction('min', (x, a, k) => nb.min(x, a, k), ANY, ([x]) => minGap(x!.data()) > 1e-3),
  reduction('variance', (x, a, k) => nb.variance(x, a, k)),
  reduction('variance ddof=1', (x, a, k) => nb.variance(x, a, k, 1), ANY),
  reduction('std', (x, a, k) => nb.std(x, a, k)),
  reduction('logSumExp', (x, a, k) => nb.logSumExp(x, a, k)),
  reduction('norm', (x, a, k) => nb.norm(x, 2, a, k)),
  reduction('norm ord=1', (x, a, k) => nb.norm(x, 1, a, k), AWAY),
  reduction('norm ord=3', (x, a, k) => nb.norm(x, 3, a, k), AWAY),
  reduction('norm ord=Infinity', (x, a, k) => nb.norm(x, Infinity, a, k), AWAY, ([x]) => minGap(nb.abs(x!).data()) > 1e-3),
  { name: 'softmax', fn: ([x], [axis]) => nb.softmax(x!, axis as number), samples: axisSamples() },
  { name: 'logSoftmax', fn: ([x], [axis]) => nb.logSoftmax(x!, axis as number), samples: axisSamples() },
  {
    name: 'cumsum',
    fn: ([x], [axis, reverse]) => nb.cumsum(x!, axis as number, reverse as boolean),
    samples: [0, 1, 2, -1].flatMap((axis) =>
      [false, true].map((reverse) => ({ label: `[2,3,4] axis=${axis} reverse=${reverse}`, shapes: [[2, 3, 4]], extra: [axis, reverse] })),
    ),
  },

  // Matrix products, broadcasting batch dimensions on each side.
  {
    name: 'matmul',
    fn: ([a, b]) => nb.matmul(a!, b!),
    samples: (
      [
        [[3, 4], [4, 5]],
        [[1, 7], [7, 1]],
        [[4], [4, 2]],
        [[3, 4], [4]],
        [[4], [4]],
        [[2, 3, 4], [4, 2]],
        [[3, 4], [2, 4, 2]],
        [[2, 1, 3, 4], [3, 4, 2]],
      ] as [number[], number[]][]
    ).map(([a, b]) => ({ label: `[${a}] @ [${b}]`, shapes: [a, b] })),
  },
  { name: 'matmul (transposed operand)', fn: ([a, b]) => nb.matmul(a!.T, b!.T), samples: [{ label: '[4,3]ᵀ @ [5,4]ᵀ', shapes: [[4, 3], [5, 4]] }] },
  { name: 'dot', fn: ([a, b]) => nb.dot(a!, b!), samples: [{ label: '[6]·[6]', shapes: [[6], [6]] }] },
  { name: 'outer', fn: ([a, b]) => nb.outer(a!, b!), samples: [{ label: '[3]⊗[4]', shapes: [[3], [4]] }] },

  // Shape and movement.
  { name: 'transpose', fn: ([x]) => nb.transpose(x!), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'permute', fn: ([x]) => nb.permute(x!, [2, 0, 1]), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'swapAxes', fn: ([x]) => nb.swapAxes(x!, 0, -1), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'reshape', fn: ([x]) => nb.reshape(x!, [4, -1]), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'flatten', fn: ([x]) => nb.flatten(x!, 1), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'squeeze', fn: ([x]) => nb.squeeze(x!, 1), samples: [{ label: '[2,1,3]', shapes: [[2, 1, 3]] }] },
  { name: 'unsqueeze', fn: ([x]) => nb.unsqueeze(x!, -1), samples: [{ label: '[2,3]', shapes: [[2, 3]] }] },
  { name: 'broadcastTo', fn: ([x]) => nb.broadcastTo(x!, [2, 3, 4]), samples: [{ label: '[3,1]', shapes: [[3, 1]] }, { label: '[]', shapes: [[]] }] },
  { name: 'concat', fn: ([a, b, c]) => nb.concat([a!, b!, c!], 1), samples: [{ label: '[2,1,3],[2,2,3],[2,3,3]', shapes: [[2, 1, 3], [2, 2, 3], [2, 3, 3]] }] },
  { name: 'stack', fn: ([a, b]) => nb.stack([a!, b!], -1), samples: [{ label: '[2,3],[2,3]', shapes: [[2, 3], [2, 3]] }] },
  {
    name: 'split',
    fn: ([x]) => nb.concat(nb.split(x!, [1, 3], 1).map((t, i) => nb.mul(t, i + 2)), 1),
    samples: [{ label: '[2,4,3]', shapes: [[2, 4, 3]] }],
  },
  { name: 'slice', fn: ([x]) => nb.slice(x!, [1, 0, 2], [1, -1, 2]), samples: [{ label: '[2,3,5]', shapes: [[2, 3, 5]] }] },
  { name: 'sliceAxis (negative step)', fn: ([x]) => nb.sliceAxis(x!, 1, -1, 0, -2), samples: [{ label: '[2,6]', shapes: [[2, 6]] }] },
  { name: 'flip', fn: ([x]) => nb.flip(x!, [0, 2]), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'gather (repeated indices)', fn: ([x]) => nb.gather(x!, [[2, 0], [2, 2]], 1), samples: [{ label: '[2,3,4]', shapes: [[2, 3, 4]] }] },
  { name: 'indexSelect', fn: ([x]) => nb.indexSelect(x!, 0, [1, 1, 0]), samples: [{ label: '[2,3]', shapes: [[2, 3]] }] },
  { name: 'scatterAdd', fn: ([x, s]) => nb.scatterAdd(x!, [3, 0, 3], s!, 0), samples: [{ label: '[4,2] with [3,2]', shapes: [[4, 2], [3, 2]] }] },
  { name: 'pad', fn: ([x]) => nb.pad(x!, [[1, 0], [0, 2]], 0.5), samples: [{ label: '[2,3]', shapes: [[2, 3]] }] },
  { name: 'tile', fn: ([x]) => nb.tile(x!, [2, 1, 3]), samples: [{ label: '[2,3]', shapes: [[2, 3]] }] },
  { name: 'repeat', fn: ([x]) => nb.repeat(x!, 2, 1), samples: [{ label: '[2,3]', shapes: [[2, 3]] }] },
  { name: 'repeat (flattened)', fn: ([x]) => nb.repeat(x!, 3), samples: [{ label: '[2,2]', shapes: [[2, 2]] }] },
  { name: 'expandDims', fn: ([x]) => nb.expandDims(x!, 0), samples: [{ label: '[3]', shapes: [[3]] }] },

  // Compositions that exercise several primitives at once.
  {
    name: 'shared subexpression',
    fn: ([x]) => nb.mul(nb.mul(x!, x!), nb.sin(x!)),
    samples: unarySamples(),
  },
  {
    name: 'small MLP loss',
    fn: ([x, w1, b1, w2]) => nb.tanh(x!.matmul(w1!).add(b1!)).matmul(w2!).logSoftmax().mean(),
    samples: [{ label: 'x[4,3] w1[3,5] b1[5] w2[5,2]', shapes: [[4, 3], [3, 5], [5], [5, 2]] }],
  },
];
