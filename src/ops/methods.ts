/**
 * Tensor methods. Each method is the functional op with the tensor as first argument
 * (`t.relu()` is `nb.relu(t)`): one definition, two spellings. They are attached here, in the ops
 * layer, so `tensor/` never imports the layers above it; `ops/index.ts` imports this file.
 */
import { Tensor } from '../tensor/tensor.js';
import { backward } from '../autograd/engine.js';
import * as ew from './elementwise.js';
import * as rd from './reduce.js';
import * as sh from './shape.js';
import * as mm from './matmul.js';

const methods = {
  add: ew.add,
  sub: ew.sub,
  mul: ew.mul,
  div: ew.div,
  pow: ew.pow,
  maximum: ew.maximum,
  minimum: ew.minimum,
  mod: ew.mod,
  equal: ew.equal,
  notEqual: ew.notEqual,
  less: ew.less,
  lessEqual: ew.lessEqual,
  greater: ew.greater,
  greaterEqual: ew.greaterEqual,
  logicalAnd: ew.logicalAnd,
  logicalOr: ew.logicalOr,
  logicalXor: ew.logicalXor,
  logicalNot: ew.logicalNot,
  neg: ew.neg,
  abs: ew.abs,
  sign: ew.sign,
  exp: ew.exp,
  expm1: ew.expm1,
  log: ew.log,
  log1p: ew.log1p,
  sqrt: ew.sqrt,
  rsqrt: ew.rsqrt,
  square: ew.square,
  reciprocal: ew.reciprocal,
  sin: ew.sin,
  cos: ew.cos,
  tanh: ew.tanh,
  sigmoid: ew.sigmoid,
  relu: ew.relu,
  leakyRelu: ew.leakyRelu,
  elu: ew.elu,
  selu: ew.selu,
  softplus: ew.softplus,
  gelu: ew.gelu,
  silu: ew.silu,
  softsign: ew.softsign,
  erf: ew.erf,
  floor: ew.floor,
  ceil: ew.ceil,
  round: ew.round,
  clip: ew.clip,
  isnan: ew.isnan,
  isfinite: ew.isfinite,
  cast: ew.cast,
  sum: rd.sum,
  mean: rd.mean,
  prod: rd.prod,
  max: rd.max,
  min: rd.min,
  argmax: rd.argmax,
  argmin: rd.argmin,
  all: rd.all,
  any: rd.any,
  variance: rd.variance,
  std: rd.std,
  logSumExp: rd.logSumExp,
  norm: rd.norm,
  softmax: rd.softmax,
  logSoftmax: rd.logSoftmax,
  cumsum: rd.cumsum,
  matmul: mm.matmul,
  dot: mm.dot,
  outer: mm.outer,
  reshape: sh.reshape,
  flatten: sh.flatten,
  squeeze: sh.squeeze,
  unsqueeze: sh.unsqueeze,
  expandDims: sh.expandDims,
  transpose: sh.transpose,
  permute: sh.permute,
  swapAxes: sh.swapAxes,
  broadcastTo: sh.broadcastTo,
  slice: sh.slice,
  sliceAxis: sh.sliceAxis,
  split: sh.split,
  flip: sh.flip,
  gather: sh.gather,
  indexSelect: sh.indexSelect,
  scatterAdd: sh.scatterAdd,
  pad: sh.pad,
  tile: sh.tile,
  repeat: sh.repeat,
  oneHot: sh.oneHot,
  backward,
};

type AsMethods<T> = {
  [K in keyof T]: T[K] extends (self: never, ...rest: infer R) => infer O ? (...rest: R) => O : never;
};
type TensorMethods = AsMethods<typeof methods>;

declare module '../tensor/tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface Tensor extends TensorMethods {
    /** The transpose of a 2-D tensor (all axes reversed for other ranks). */
    readonly T: Tensor;
  }
}

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...rest: unknown[]) {
      return (fn as (...a: unknown[]) => unknown)(this, ...rest);
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(Tensor.prototype, 'T', {
  get(this: Tensor) {
    return sh.transpose(this);
  },
  configurable: true,
});
