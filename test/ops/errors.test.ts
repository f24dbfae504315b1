/**
 * Honest errors: each bad input gets its own NablaError subclass, a stable code, and a message that
 * names the op, the argument and the shapes, dtypes or values received. Messages are checked whole.
 */
import { describe, expect, it } from 'vitest';
import * as nb from 'nabla';

type ErrorClass = typeof nb.ShapeError | typeof nb.DTypeError | typeof nb.ConfigError;
const CODES = new Map<ErrorClass, string>([
  [nb.ShapeError, 'E_SHAPE'],
  [nb.DTypeError, 'E_DTYPE'],
  [nb.ConfigError, 'E_CONFIG'],
]);

/** [what, code that throws, error class, the exact message]. */
const CASES: [string, () => unknown, ErrorClass, string][] = [
  // Creating tensors.
  ['ragged rows', () => nb.tensor([[1, 2], [3]]), nb.ShapeError, 'tensor: ragged nested array: data[1] has length 1, expected 2 (like its first sibling)'],
  ['ragged depth', () => nb.tensor([1, [2]] as nb.NestedArray), nb.ShapeError, 'tensor: ragged nested array: data[1] is an array, but its siblings are numbers'],
  ['ragged depth (number where a row is)', () => nb.tensor([[1], 2] as nb.NestedArray), nb.ShapeError, 'tensor: ragged nested array: data[1] is 2, expected an array of length 1'],
  ['a string in the data', () => nb.tensor([1, 'a'] as unknown as number[]), nb.DTypeError, 'tensor: data[1] is "a", not a number or boolean'],
  ['not tensor-like', () => nb.tensor({} as unknown as number), nb.DTypeError, 'tensor: cannot make a tensor from an object (Object)'],
  ['NaN into int32', () => nb.tensor([1, NaN], { dtype: 'int32' }), nb.DTypeError, 'tensor: value NaN at flat index 1 cannot be stored in an int32 tensor'],
  ['int32 overflow', () => nb.tensor([3e9], { dtype: 'int32' }), nb.DTypeError, 'tensor: value 3000000000 at flat index 0 cannot be stored in an int32 tensor'],
  ['tensors inside arrays', () => nb.tensor([nb.ones([2]), nb.ones([2])] as unknown as number[]), nb.DTypeError, 'tensor: data[0] is a Tensor (use nb.stack to join tensors), not a number or boolean'],
  ['unknown dtype', () => nb.zeros([2], 'float16' as nb.DType), nb.DTypeError, 'zeros: unknown dtype "float16"; expected one of float32, float64, int32, bool'],
  ['typed array vs shape', () => nb.tensor(new Float32Array(5), { shape: [2, 3] }), nb.ShapeError, 'tensor: shape [2,3] needs 6 values, the typed array has 5'],
  ['NaN size', () => nb.zeros([2, NaN]), nb.ConfigError, 'zeros: shape [2,NaN] has NaN at position 1, not an integer'],
  ['fractional size', () => nb.randn([2.5]), nb.ConfigError, 'randn: shape [2.5] has 2.5 at position 0, not an integer'],
  ['negative size', () => nb.ones([3, -1]), nb.ConfigError, 'ones: shape [3,-1] has a negative size -1 at position 1'],
  ['negative eye', () => nb.eye(-2), nb.ConfigError, 'eye: size [-2,-2] has a negative size -2 at position 0'],
  ['linspace num', () => nb.linspace(0, 1, -3), nb.ConfigError, 'linspace: num must be a non-negative integer, got -3'],
  ['arange step 0', () => nb.arange(0, 5, 0), nb.ConfigError, 'arange: step must not be 0'],
  ['arange NaN', () => nb.arange(NaN), nb.ConfigError, 'arange: stop must be a finite number, got NaN'],
  ['randint range', () => nb.randint(5, 5, [2]), nb.ConfigError, 'randint: high (5) must be greater than low (5)'],
  ['randint NaN', () => nb.randint(0, NaN, [2]), nb.ConfigError, 'randint: low and high must be integers, got 0 and NaN'],
  ['randn std', () => nb.randn([2], { std: -1 }), nb.ConfigError, 'randn: std must be non-negative, got -1'],
  ['unknown option', () => nb.randn([2], { requiresgrad: true } as nb.TensorOptions), nb.ConfigError, 'randn: unknown option "requiresgrad"; valid options are dtype, requiresGrad, generator, mean, std'],
  ['unknown tensor option', () => nb.tensor([1], { dtyp: 'int32' } as nb.TensorOptions), nb.ConfigError, 'tensor: unknown option "dtyp"; valid options are dtype, requiresGrad, shape'],
  ['item of many', () => nb.zeros([2, 2]).item(), nb.ShapeError, 'item: only one-element tensors convert to a number, this one has shape [2,2]'],
  ['seed', () => nb.seed(NaN), nb.ConfigError, 'seed: expected a finite number, got NaN'],

  // Elementwise.
  ['broadcast', () => nb.add(nb.zeros([2, 3]), nb.zeros([3, 2])), nb.ShapeError, 'add: shapes cannot broadcast: a is [2,3], b is [3,2] (dimension -2 is 2 vs 3)'],
  ['broadcast (method)', () => nb.ones([4]).mul(nb.ones([5])), nb.ShapeError, 'mul: shapes cannot broadcast: a is [4], b is [5] (dimension -1 is 4 vs 5)'],
  ['not tensor-like argument', () => nb.add(nb.ones([2]), 'x' as unknown as number), nb.DTypeError, 'add: b must be a Tensor, number, boolean, nested array or typed array, got the string "x"'],
  ['bool arithmetic', () => nb.neg(nb.tensor([true])), nb.DTypeError, 'neg: expected a numeric tensor, got bool (cast it first)'],
  ['where condition', () => nb.where(nb.ones([2]), 1, 0), nb.DTypeError, 'where: condition must be bool, got float32'],
  ['where shapes', () => nb.where(nb.tensor([true, false, true]), nb.ones([2]), 0), nb.ShapeError, 'where: shapes cannot broadcast: condition is [3], x/y is [2] (dimension -1 is 3 vs 2)'],
  ['clip bounds', () => nb.clip(nb.ones([1]), 2, 1), nb.ConfigError, 'clip: min (2) must not exceed max (1)'],
  ['gelu option', () => nb.gelu(nb.ones([1]), 'fast' as 'tanh'), nb.ConfigError, `gelu: approximate must be 'none' or 'tanh', got "fast"`],

  // Reductions.
  ['axis out of range', () => nb.sum(nb.zeros([2, 3]), 2), nb.ShapeError, 'sum: axis 2 is out of range for a tensor of rank 2 (valid: -2..1)'],
  ['negative axis out of range', () => nb.mean(nb.zeros([2, 3]), [-3]), nb.ShapeError, 'mean: axis -3 is out of range for a tensor of rank 2 (valid: -2..1)'],
  ['NaN axis', () => nb.max(nb.zeros([2]), NaN), nb.ConfigError, 'max: axis must be an integer, got NaN'],
  ['repeated axis', () => nb.sum(nb.zeros([2, 3]), [1, -1]), nb.ShapeError, 'sum: repeated axis in [1,-1]'],
  ['softmax axis', () => nb.softmax(nb.zeros([2, 3]), 5), nb.ShapeError, 'softmax: axis 5 is out of range for a tensor of rank 2 (valid: -2..1)'],
  ['variance ddof', () => nb.variance(nb.zeros([1]), undefined, false, 1), nb.ConfigError, 'variance: ddof 1 leaves no degrees of freedom for 1 values'],
  ['norm ord', () => nb.norm(nb.zeros([2]), -1), nb.ConfigError, "norm: ord must be a positive number, Infinity, -Infinity, 0 or 'fro', got -1"],

  // Matrix products.
  ['matmul inner', () => nb.matmul(nb.zeros([32, 784]), nb.zeros([128, 10])), nb.ShapeError, 'matmul: inner dimensions differ: a is [32,784], b is [128,10] (784 ≠ 128)'],
  ['matmul vector', () => nb.matmul(nb.zeros([3]), nb.zeros([4, 2])), nb.ShapeError, 'matmul: inner dimensions differ: a is [3], b is [4,2] (3 ≠ 4)'],
  ['matmul batch', () => nb.matmul(nb.zeros([2, 3, 4]), nb.zeros([5, 4, 1])), nb.ShapeError, 'matmul: shapes cannot broadcast: a batch is [2], b batch is [5] (dimension -1 is 2 vs 5)'],
  ['matmul scalar', () => nb.matmul(nb.tensor(2), nb.zeros([2])), nb.ShapeError, 'matmul: operands must have at least one dimension, got a [] and b [2]'],
  ['matmul bool', () => nb.matmul(nb.tensor([[true]]), nb.ones([1, 1])), nb.DTypeError, 'matmul: bool tensors cannot be multiplied; cast them first'],
  ['dot lengths', () => nb.dot(nb.zeros([3]), nb.zeros([4])), nb.ShapeError, 'dot: lengths differ: a is [3], b is [4]'],
  ['dot rank', () => nb.dot(nb.zeros([3, 1]), nb.zeros([3])), nb.ShapeError, 'dot: expects two 1-D tensors, got [3,1] and [3]'],

  // Shapes.
  ['reshape size', () => nb.reshape(nb.zeros([2, 3]), [4, 2]), nb.ShapeError, 'reshape: cannot reshape [2,3] (6 elements) into [4,2] (8 elements)'],
  ['reshape infer', () => nb.reshape(nb.zeros([2, 3]), [4, -1]), nb.ShapeError, 'reshape: cannot reshape [2,3] (6 elements) into [4,-1]'],
  ['reshape two -1', () => nb.reshape(nb.zeros([2, 3]), [-1, -1]), nb.ShapeError, 'reshape: only one dimension can be -1, got [-1,-1]'],
  ['reshape NaN', () => nb.reshape(nb.zeros([2]), [NaN]), nb.ConfigError, 'reshape: shape [NaN] has an invalid size NaN'],
  ['squeeze non-1', () => nb.squeeze(nb.zeros([2, 3]), 1), nb.ShapeError, 'squeeze: axis 1 of [2,3] has size 3, not 1'],
  ['unsqueeze range', () => nb.unsqueeze(nb.zeros([2]), 3), nb.ShapeError, 'unsqueeze: axis 3 is out of range for a tensor of rank 2 (valid: -2..1)'],
  ['transpose perm', () => nb.transpose(nb.zeros([2, 3]), [0, 0]), nb.ShapeError, 'transpose: permutation [0,0] repeats an axis'],
  ['transpose length', () => nb.transpose(nb.zeros([2, 3]), [0]), nb.ShapeError, 'transpose: permutation [0] has 1 axes, the tensor has 2'],
  ['broadcastTo', () => nb.broadcastTo(nb.zeros([3]), [2, 4]), nb.ShapeError, 'broadcastTo: shapes cannot broadcast: x is [3], shape is [2,4] (dimension -1 is 3 vs 4)'],
  ['broadcastTo smaller', () => nb.broadcastTo(nb.zeros([2, 3]), [3]), nb.ShapeError, 'broadcastTo: cannot broadcast [2,3] to [3]'],
  ['concat shapes', () => nb.concat([nb.zeros([2, 3]), nb.zeros([2, 4])], 0), nb.ShapeError, "concat: tensor 1 has shape [2,4], which does not match tensor 0's [2,3] outside axis 0"],
  ['concat ranks', () => nb.concat([nb.zeros([2, 3]), nb.zeros([3])]), nb.ShapeError, 'concat: tensor 1 has rank 1 (shape [3]), tensor 0 has rank 2'],
  ['concat empty list', () => nb.concat([]), nb.ConfigError, 'concat: expected a non-empty array of tensors'],
  ['stack shapes', () => nb.stack([nb.zeros([2]), nb.zeros([3])]), nb.ShapeError, 'stack: tensor 1 has shape [3], tensor 0 has [2]; all must match'],
  ['split uneven', () => nb.split(nb.zeros([5]), 2), nb.ShapeError, 'split: axis 0 has size 5, which does not divide into 2 equal sections'],
  ['split sizes', () => nb.split(nb.zeros([5]), [2, 2]), nb.ShapeError, 'split: sizes [2,2] must be non-negative integers summing to 5 (axis 0), they sum to 4'],
  ['split NaN', () => nb.split(nb.zeros([4]), NaN), nb.ConfigError, 'split: sections must be a positive integer, got NaN'],
  ['slice begin', () => nb.slice(nb.zeros([3, 4]), [0, 5]), nb.ShapeError, 'slice: begin[1] = 5 is out of range for axis 1 of size 4'],
  ['slice size', () => nb.slice(nb.zeros([3, 4]), [1], [3]), nb.ShapeError, 'slice: size[0] = 3 from begin 1 runs past axis 0 of size 3'],
  ['sliceAxis step', () => nb.sliceAxis(nb.zeros([3]), 0, 0, 3, 0), nb.ConfigError, 'sliceAxis: step must be a non-zero integer, got 0'],
  ['gather range', () => nb.gather(nb.zeros([3, 4]), [1, 4], 1), nb.ShapeError, 'gather: index 4 is out of range for axis 1 of size 4'],
  ['gather fractional', () => nb.gather(nb.zeros([3]), [0.5]), nb.DTypeError, 'gather: indices must be integers, found 0.5 at flat index 0'],
  ['gather NaN', () => nb.gather(nb.zeros([3]), [NaN]), nb.DTypeError, 'gather: indices must be integers, found NaN at flat index 0'],
  ['indexSelect rank', () => nb.indexSelect(nb.zeros([3]), 0, [[0]]), nb.ShapeError, 'indexSelect: indices must be 1-D, got shape [1,1]'],
  ['scatterAdd src', () => nb.scatterAdd(nb.zeros([3, 2]), [0, 1], nb.zeros([3, 2])), nb.ShapeError, 'scatterAdd: src has shape [3,2], expected [2,2] for 2 indices along axis 0'],
  ['pad negative', () => nb.pad(nb.zeros([2]), [[-1, 0]]), nb.ConfigError, 'pad: paddings[0] = [-1, 0] must be non-negative integers'],
  ['pad rank', () => nb.pad(nb.zeros([2]), [[0, 0], [1, 1]]), nb.ShapeError, 'pad: 2 paddings given for a tensor of rank 1'],
  ['tile reps', () => nb.tile(nb.zeros([2]), [-1]), nb.ConfigError, 'tile: reps [-1] must be non-negative integers'],
  ['repeat count', () => nb.repeat(nb.zeros([2]), 1.5), nb.ConfigError, 'repeat: repeats must be a non-negative integer, got 1.5'],
  ['oneHot label', () => nb.oneHot([0, 3], 3), nb.ShapeError, 'oneHot: index 3 is out of range for axis -1 of size 3'],
  ['oneHot negative label', () => nb.oneHot([-1], 3), nb.ShapeError, 'oneHot: label -1 at flat index 0 is outside [0, 3)'],
  ['oneHot depth', () => nb.oneHot([0], NaN), nb.ConfigError, 'oneHot: depth must be a positive integer, got NaN'],

  // Autograd.
  ['backward without grad', () => nb.ones([1]).backward(), nb.DTypeError, 'backward: this tensor does not require grad (no input it was computed from has requiresGrad: true)'],
  ['backward of a vector', () => nb.ones([3], { requiresGrad: true }).mul(2).backward(), nb.ShapeError, 'backward: a gradient can only be created implicitly for a single-value output, got shape [3]; pass one'],
  ['backward seed shape', () => nb.ones([3], { requiresGrad: true }).mul(2).backward(nb.ones([2])), nb.ShapeError, 'backward: gradient has shape [2], expected [3]'],
  ['grad of a vector function', () => nb.grad((x: nb.Tensor) => x.mul(2))(nb.ones([2])), nb.ShapeError, 'grad: the function must return a single value, got shape [2]; use nb.jacobian for vector outputs'],
  ['grad argnums', () => nb.grad((x: nb.Tensor) => x.sum(), { argnums: 1 })(nb.ones([2])), nb.ConfigError, 'grad: argnums contains 1, but the function was called with 1 argument(s)'],
  ['grad options', () => nb.grad((x: nb.Tensor) => x.sum(), { argnum: 1 } as { argnums?: number }), nb.ConfigError, 'grad: unknown option "argnum"; valid options are argnums, createGraph'],
  ['gradcheck eps', () => nb.gradcheck((x) => x, [nb.ones([1])], { eps: 0 }), nb.ConfigError, 'gradcheck: eps must be a positive number, got 0'],
];

describe('errors name the op, the argument and what was received', () => {
  it.each(CASES)('%s', (_what, fn, cls, message) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err, 'expected a throw').toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(nb.NablaError);
    expect(err).toBeInstanceOf(Error);
    const e = err as nb.NablaError;
    expect(e.name).toBe(cls.name);
    expect(e.code.startsWith(CODES.get(cls)!)).toBe(true);
    expect(e.message).toBe(message);
  });

  it('String(error) starts with the class name, as in the issue', () => {
    try {
      nb.matmul(nb.zeros([32, 784]), nb.zeros([128, 10]));
    } catch (e) {
      expect(String(e)).toBe('ShapeError: matmul: inner dimensions differ: a is [32,784], b is [128,10] (784 ≠ 128)');
    }
    expect.assertions(1);
  });
});
