/**
 * Activation functions by name, as layers accept them (`activation: 'relu'`). Each is the op of
 * the same name from `ops/` (no gradient code here); Keras's snake_case names are accepted too.
 *
 * @example nb.layers.dense({ units: 10, activation: 'softmax' })
 * @example nb.activations.get('leaky_relu')(x)
 */
import { Tensor } from '../tensor/tensor.js';
import { ConfigError } from '../errors.js';
import * as ew from '../ops/elementwise.js';
import * as rd from '../ops/reduce.js';
import { NameTable } from './options.js';

export type ActivationFn = (x: Tensor) => Tensor;

/** The names `activation` options accept. */
export type ActivationName =
  | 'linear'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leakyRelu'
  | 'elu'
  | 'selu'
  | 'softplus'
  | 'softsign'
  | 'softmax'
  | 'logSoftmax'
  | 'gelu'
  | 'silu'
  | 'exponential'
  | 'hardSigmoid'
  | 'relu6';

/** Identity: f(x) = x. */
export const linear: ActivationFn = (x) => x;
export const sigmoid: ActivationFn = (x) => ew.sigmoid(x);
export const tanh: ActivationFn = (x) => ew.tanh(x);
export const relu: ActivationFn = (x) => ew.relu(x);
/** max(x, 0.3x): Keras's LeakyReLU layer default slope. */
export const leakyRelu: ActivationFn = (x) => ew.leakyRelu(x, 0.3);
export const elu: ActivationFn = (x) => ew.elu(x, 1);
export const selu: ActivationFn = (x) => ew.selu(x);
export const softplus: ActivationFn = (x) => ew.softplus(x);
export const softsign: ActivationFn = (x) => ew.softsign(x);
/** Softmax over the last axis. */
export const softmax: ActivationFn = (x) => rd.softmax(x, -1);
export const logSoftmax: ActivationFn = (x) => rd.logSoftmax(x, -1);
/** Exact GELU, x·Φ(x). */
export const gelu: ActivationFn = (x) => ew.gelu(x);
export const silu: ActivationFn = (x) => ew.silu(x);
export const exponential: ActivationFn = (x) => ew.exp(x);
/** Keras 3's hard sigmoid: relu6(x + 3) / 6. */
export const hardSigmoid: ActivationFn = (x) => ew.div(ew.clip(ew.add(x, 3), 0, 6), 6);
export const relu6: ActivationFn = (x) => ew.clip(x, 0, 6);

const TABLE = new NameTable<ActivationFn>('activation');
TABLE.set('linear', linear, ['none', 'identity']);
TABLE.set('sigmoid', sigmoid);
TABLE.set('tanh', tanh);
TABLE.set('relu', relu);
TABLE.set('leakyRelu', leakyRelu);
TABLE.set('elu', elu);
TABLE.set('selu', selu);
TABLE.set('softplus', softplus);
TABLE.set('softsign', softsign);
TABLE.set('softmax', softmax);
TABLE.set('logSoftmax', logSoftmax);
TABLE.set('gelu', gelu);
TABLE.set('silu', silu, ['swish']);
TABLE.set('exponential', exponential);
TABLE.set('hardSigmoid', hardSigmoid);
TABLE.set('relu6', relu6);

const NAME_OF = new Map<ActivationFn, string>();
for (const n of TABLE.list()) NAME_OF.set(TABLE.get('activation', n).value, n);

/** Makes a custom activation available by name (so a saved model using it can be loaded). */
export function registerActivation(name: string, fn: ActivationFn): void {
  TABLE.set(name, fn);
  NAME_OF.set(fn, name);
}

/** Resolves a name (or null: linear) to the function; functions pass through. */
export function getActivation(spec: ActivationName | string | ActivationFn | null | undefined, op = 'activation'): ActivationFn {
  if (spec === null || spec === undefined) return linear;
  if (typeof spec === 'function') return spec;
  if (typeof spec !== 'string') throw new ConfigError(`${op}: activation must be a name or a function, got ${JSON.stringify(spec)}`);
  return TABLE.get(op, spec).value;
}

/** The registered name of an activation function (for saving), or null for an unregistered function. */
export function activationName(fn: ActivationFn): string | null {
  return NAME_OF.get(fn) ?? null;
}

/** Alias of `getActivation` (Keras's `activations.get`). */
export const get = getActivation;

/** Names of the registered activations. */
export function list(): string[] {
  return TABLE.list();
}

/** Alias of `registerActivation`. */
export const register = registerActivation;
