/**
 * Function transformations: grad, valueAndGrad, jacobian, hessian (as JAX), plus noGrad.
 * `grad` is a thin layer over the same backward pass `Tensor#backward` uses, and it nests:
 * `grad(grad(f))` differentiates the first backward pass, because VJPs are made of primitives.
 */
import { ConfigError, DTypeError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate, isFloat } from '../tensor/dtype.js';
import { isGradEnabled, reshape, concat, withGradMode } from '../primitives/index.js';
import { onesLike, runBackward } from './engine.js';
import { checkOptions } from '../check.js';

/** Runs `fn` without recording: nothing computed inside requires grad. Synchronous functions only. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

export interface GradOptions {
  /** Which arguments to differentiate: one index (the result is one tensor) or several (an array). Default 0. */
  argnums?: number | number[];
  /**
   * Record the backward pass so its result can be differentiated again. Default: on when this call
   * is itself being differentiated: it runs inside another `grad`/`jacobian`/`hessian`, or an
   * argument is the result of a recorded computation (not a leaf). A top-level call on a leaf
   * parameter that requires grad returns a plain gradient, as PyTorch's autograd.grad does.
   */
  createGraph?: boolean;
}

const GRAD_OPTIONS = ['argnums', 'createGraph'];

/** How many function transformations are evaluating their function right now (for nesting). */
let depth = 0;

/**
 * Runs a transformation's function with recording on, marked as being differentiated, so a `grad`
 * called inside it keeps its result differentiable. (Used by grad, jacobian and gradcheck.)
 */
export function traced<T>(fn: () => T): T {
  depth++;
  try {
    return withGradMode(true, fn);
  } finally {
    depth--;
  }
}

type Fn = (...args: never[]) => Tensor;

function prepare(op: string, args: unknown[], argnums: number[]): { call: unknown[]; xs: Tensor[]; nested: boolean } {
  const call = args.slice();
  const xs: Tensor[] = [];
  let nested = false;
  for (const i of argnums) {
    if (!Number.isInteger(i) || i < 0 || i >= args.length) {
      throw new ConfigError(`${op}: argnums contains ${i}, but the function was called with ${args.length} argument(s)`);
    }
    const a = args[i];
    if (!(a instanceof Tensor)) throw new DTypeError(`${op}: argument ${i} must be a Tensor to be differentiated, got ${typeof a}`);
    if (!isFloat(a.dtype)) throw new DTypeError(`${op}: argument ${i} has dtype ${a.dtype}; only float tensors can be differentiated`);
    let x: Tensor;
    if (a.requiresGrad && isGradEnabled()) {
      x = a; // part of a computation that may be differentiated: stay connected to it
      if (depth > 0 || !a.isLeaf) nested = true;
    } else x = a.detach().requiresGrad_();
    call[i] = x;
    xs.push(x);
  }
  return { call, xs, nested };
}

function zerosLike(t: Tensor): Tensor {
  return new Tensor(allocate(t.dtype, t.size), t.shape, t.dtype);
}

/**
 * Returns a function computing `[value, gradient]` of a scalar-valued `f`.
 * @example const [loss, g] = nb.valueAndGrad((w) => w.square().sum())(nb.tensor([1, 2])); // g = [2, 4]
 */
export function valueAndGrad<F extends Fn>(f: F, options: GradOptions = {}): (...args: Parameters<F>) => [Tensor, Tensor | Tensor[]] {
  checkOptions('grad', options, GRAD_OPTIONS);
  const many = Array.isArray(options.argnums);
  const argnums = options.argnums === undefined ? [0] : typeof options.argnums === 'number' ? [options.argnums] : options.argnums;
  return (...args) => {
    const { call, xs, nested } = prepare('grad', args, argnums);
    const y = traced(() => (f as unknown as (...a: unknown[]) => Tensor)(...call));
    if (!(y instanceof Tensor)) throw new DTypeError(`grad: the function must return a Tensor, got ${typeof y}`);
    if (y.size !== 1) {
      throw new ShapeError(`grad: the function must return a single value, got shape ${fmtShape(y.shape)}; use nb.jacobian for vector outputs`);
    }
    const createGraph = options.createGraph ?? nested;
    const gs = y.requiresGrad
      ? runBackward({ roots: [y], rootGrads: [onesLike(y)], inputs: xs, createGraph, retainGraph: createGraph })
      : xs.map(() => null);
    const grads = gs.map((g, i) => g ?? zerosLike(xs[i]!));
    const value = createGraph ? y : y.detach();
    return [value, many ? grads : grads[0]!];
  };
}

/**
 * Returns a function computing the gradient of scalar-valued `f` with respect to argument 0
 * (or the arguments in `argnums`).
 * @example const df = nb.grad((x) => x.pow(3).sum()); df(nb.tensor([2])); // [12]
 * @example const d2f = nb.grad(nb.grad((x) => x.tanh().sum())); // second derivative
 */
export function grad<F extends Fn>(f: F, options: GradOptions & { argnums: number[] }): (...args: Parameters<F>) => Tensor[];
export function grad<F extends Fn>(f: F, options?: GradOptions & { argnums?: number }): (...args: Parameters<F>) => Tensor;
export function grad<F extends Fn>(f: F, options: GradOptions = {}): (...args: Parameters<F>) => Tensor | Tensor[] {
  const vg = valueAndGrad(f, options);
  return (...args) => vg(...args)[1];
}

function basis(t: Tensor, i: number): Tensor {
  const d = allocate(t.dtype, t.size);
  d[i] = 1;
  return new Tensor(d, t.shape, t.dtype);
}

/**
 * The Jacobian of `f` at `x`: shape `[...f(x).shape, ...x.shape]`, one backward pass per output
 * element (for small problems).
 */
export function jacobian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const { call, xs } = prepare('jacobian', [x], [0]);
  const x0 = xs[0]!;
  const y = traced(() => f(call[0] as Tensor));
  const rows: Tensor[] = [];
  for (let i = 0; i < y.size; i++) {
    const [g] = y.requiresGrad
      ? runBackward({ roots: [y], rootGrads: [basis(y, i)], inputs: [x0], createGraph: false, retainGraph: true })
      : [null];
    rows.push(reshape(g ?? zerosLike(x0), [1, x0.size]));
  }
  return reshape(concat(rows, 0), [...y.shape, ...x0.shape]).detach();
}

/**
 * The Hessian of scalar-valued `f` at `x`: shape `[...x.shape, ...x.shape]`, from one
 * differentiable gradient pass and one more pass per element of `x` (for small problems).
 * @example nb.hessian((x) => x.matmul(A).mul(x).sum(), x) // A + Aᵀ for a quadratic form
 */
export function hessian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const df = (z: Tensor): Tensor => grad(f, { createGraph: true })(z as never);
  return jacobian(df, x);
}
